using Amphora.Api.Server;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Server.Runs;

/// <summary>
/// Records every selected node's part of a run in its location before any node starts (a <c>started</c> marker each), so
/// that the cluster backup the run writes lists as incomplete until every part is complete, even when a node fails before
/// its agent began. Each agent then continues its own part.
/// </summary>
public sealed class RunParts(StorageSettings storage)
{
    public async Task BeginAsync(BackupRunContext context, RunInfo run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var locations = LocationList.Parse(context.Task.Spec.Locations);
        var topology = context.Cluster.Nodes.ToDictionary(n => n.HostId);
        foreach (var group in run.Nodes.GroupBy(n => locations.For(n.Datacenter).Text, StringComparer.Ordinal))
        {
            var store = StorageLocation.Open(LocationSpec.Parse(group.Key), storage);
            var repository = await BackupRepository.OpenAsync(store, create: true, cancellationToken).ConfigureAwait(false);
            var recorded = (await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false))
                .Where(p => p.Cluster == context.Cluster.ClusterName && p.Tag == run.Tag).Select(p => p.HostId).ToHashSet();
            foreach (var node in group.Where(n => !recorded.Contains(n.HostId)))
            {
                var body = new BackupMarkerBody
                {
                    Cluster = context.Cluster.ClusterName,
                    Tag = run.Tag,
                    Kind = BackupKind.Snapshot,
                    HostId = node.HostId,
                    Datacenter = node.Datacenter,
                    Rack = topology[node.HostId].Rack,
                    Hostname = topology[node.HostId].Address,
                    StartedAt = run.StartedAt,
                };
                await repository.WriteStartedMarkerAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

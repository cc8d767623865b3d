using Amphora.Core.CommitLogs;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>Works out a <see cref="PointInTimePlan"/> from what the location holds for one node.</summary>
public static class PointInTimePlanner
{
    public static async Task<PointInTimePlan> PlanAsync(
        BackupRepository repository, RestoreTarget target, string propertiesPath, PointInTimeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var parts = (await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false))
            .Where(n => n.IsComplete && (request.Cluster is null || n.Cluster == request.Cluster))
            .ToList();
        var (cluster, hostId) = ChooseNode(parts, request, repository.Location);
        var nodeBackups = parts.Where(p => p.Cluster == cluster && p.HostId == hostId).ToList();
        var chain = await RestoreChainBuilder.ForNodeAsync(repository, nodeBackups, request.PointInTime, request.Precision, request.Tables, cancellationToken)
            .ConfigureAwait(false);

        var restore = RestorePlanner.Plan(chain.Manifest, new RestoreOptions { Mode = RestoreMode.InPlace, Tables = request.Tables, Parallelism = request.Parallelism }, target);
        var archived = await new CommitLogArchive(repository.Store).ListAsync(cluster, hostId, cancellationToken).ConfigureAwait(false);
        var selection = CommitLogReplaySelection.Choose(archived, chain.Snapshot.StartedAt, request.PointInTime, request.ClientClockLag);
        var archivedNames = archived.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var local = Directory.Exists(target.CommitLogDirectory)
            ? Directory.EnumerateFiles(target.CommitLogDirectory)
                .Select(Path.GetFileName)
                .Where(n => CommitLogSegmentName.TryParse(n!) is not null && !archivedNames.Contains(n!))
                .Select(n => n!)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var pitrDirectory = Path.Combine(target.CommitLogDirectory, PointInTimeRestore.DirectoryName);
        return new PointInTimePlan
        {
            Chain = chain,
            Restore = restore,
            PointInTime = request.PointInTime,
            Precision = request.Precision,
            Segments = selection.Segments,
            LocalSegments = local,
            RestoreDirectory = Path.Combine(pitrDirectory, "segments"),
            DownloadDirectory = Path.Combine(pitrDirectory, "downloads"),
            PropertiesPath = propertiesPath,
            // The restore directory is inside the commit log directory, so a hard link is a same-filesystem copy of no bytes.
            RestoreCommand = "/bin/ln %from %to",
            ReplayList = request.Tables.Text == "*" ? [] : restore.Tables.Select(t => t.TargetName).Distinct(StringComparer.Ordinal).ToList(),
            Warnings = [.. selection.Warnings, .. restore.Warnings],
        };

    }

    private static (string Cluster, Guid HostId) ChooseNode(IReadOnlyList<NodeBackupSummary> parts, PointInTimeRequest request, string location)
    {
        var nodes = parts.Where(p => request.HostId is null || p.HostId == request.HostId).Select(p => (p.Cluster, p.HostId)).Distinct().ToList();
        return nodes.Count switch
        {
            1 => nodes[0],
            0 => throw new ArgumentException(request.HostId is { } id
                ? $"{location} holds no complete backup of node {id}{(request.Cluster is null ? string.Empty : $" in cluster '{request.Cluster}'")}; see 'amphora backups list'."
                : $"{location} holds no complete backup{(request.Cluster is null ? string.Empty : $" of cluster '{request.Cluster}'")}; see 'amphora backups list'."),
            _ => throw new ArgumentException(
                $"{location} holds backups of several nodes ({string.Join(", ", nodes.Select(n => $"{n.Cluster}/{n.HostId}"))}): commit logs replay only on the node " +
                "that wrote them; name it with --node HOST_ID (and --source-cluster when several clusters share the location)."),
        };
    }
}

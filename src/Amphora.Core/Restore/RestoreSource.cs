using Amphora.Core.Catalog;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>Which node's part of a backup a node restore uses.</summary>
public static class RestoreSource
{
    /// <summary>
    /// The part of <paramref name="hostId"/> when given; else the only part; else the part of the node being restored, when it
    /// is running and says who it is (<paramref name="targetHostId"/>). Only complete parts are restored.
    /// </summary>
    public static async Task<NodeManifest> SelectAsync(
        BackupRepository repository, BackupSummary backup, Guid? hostId, Guid? targetHostId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(backup);
        var chosen = hostId ?? targetHostId;
        var part = chosen is { } id
            ? backup.Nodes.FirstOrDefault(n => n.HostId == id)
            : backup.Nodes.Count == 1 ? backup.Nodes[0] : null;
        if (part is null)
        {
            var nodes = string.Join(", ", backup.Nodes.Select(n => n.HostId));
            throw new ArgumentException(hostId is not null || targetHostId is null
                ? $"backup {backup.Tag} has {(chosen is null ? "several nodes" : $"no node {chosen}")} ({nodes}); say which node's backup to restore with --node HOST_ID."
                : $"backup {backup.Tag} has no part of this node ({targetHostId}); it has {nodes}. Say which node's backup to restore with --node HOST_ID.");
        }

        if (!part.IsComplete)
        {
            throw new ArgumentException($"node {part.HostId}'s part of backup {backup.Tag} is incomplete (its backup did not finish); restore a complete backup (see 'amphora backups list').");
        }

        return await repository.ReadCompleteManifestAsync(part, cancellationToken).ConfigureAwait(false);
    }
}

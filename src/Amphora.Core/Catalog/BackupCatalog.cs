using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>What a location holds: backups newest first, and a backup's tables and files. Listing reads only the index.</summary>
public sealed class BackupCatalog(BackupRepository repository)
{
    public async Task<IReadOnlyList<BackupSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var parts = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        return parts.GroupBy(p => (p.Cluster, p.Tag))
            .Select(g => new BackupSummary(g.Key.Cluster, g.Key.Tag, [.. g.OrderBy(p => p.HostId)]))
            .OrderByDescending(b => b.StartedAt ?? DateTimeOffset.MinValue)
            .ThenBy(b => b.Cluster, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The backup with this tag; a tag used by several clusters needs the cluster named.</summary>
    public async Task<BackupSummary> FindAsync(string tag, string? cluster, CancellationToken cancellationToken)
    {
        var matches = (await ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(b => b.Tag == tag && (cluster is null || b.Cluster == cluster))
            .ToList();
        return matches.Count switch
        {
            0 => throw new ArgumentException($"no backup '{tag}'{(cluster is null ? string.Empty : $" of cluster '{cluster}'")} in {repository.Location}; see 'amphora backups list'."),
            1 => matches[0],
            _ => throw new ArgumentException(
                $"backup '{tag}' exists for several clusters ({string.Join(", ", matches.Select(m => m.Cluster))}); name one with --cluster."),
        };
    }

    /// <summary>
    /// The newest complete snapshot backup (of the cluster, when named); incomplete ones are never "latest", and neither
    /// are incrementals, which hold only what was flushed since an earlier pass.
    /// </summary>
    public async Task<BackupSummary> LatestCompleteAsync(string? cluster, CancellationToken cancellationToken)
    {
        var backups = (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(b => cluster is null || b.Cluster == cluster).ToList();
        var clusters = backups.Select(b => b.Cluster).Distinct(StringComparer.Ordinal).ToList();
        if (clusters.Count > 1)
        {
            throw new ArgumentException($"{repository.Location} holds backups of several clusters ({string.Join(", ", clusters)}); name one with --cluster.");
        }

        return backups.Where(b => b.IsComplete && b.Kind == BackupKind.Snapshot).MaxBy(b => b.FinishedAt)
            ?? throw new ArgumentException($"{repository.Location} holds no complete snapshot backup{(cluster is null ? string.Empty : $" of cluster '{cluster}'")}; see 'amphora backups list'.");
    }

    /// <summary>
    /// One node's complete backups, snapshots and incrementals, oldest first by finish time: what a restore to a point in
    /// time chooses from (the newest snapshot finished before the point, then the incrementals finished after that
    /// snapshot started). Each summary gives <see cref="NodeBackupSummary.Kind"/> and
    /// <see cref="NodeBackupCompletion.FinishedAt"/>; read a part's files with
    /// <see cref="BackupRepository.ReadManifestAsync(NodeBackupSummary, CancellationToken)"/>. Reads only the index.
    /// </summary>
    public async Task<IReadOnlyList<NodeBackupSummary>> CompleteNodeBackupsAsync(string cluster, Guid hostId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var parts = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        return parts.Where(p => p.IsComplete && p.Cluster == cluster && p.HostId == hostId)
            .OrderBy(p => p.Completion!.FinishedAt)
            .ThenBy(p => p.Tag, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The manifests of a backup's node parts (parts whose manifest is missing, i.e. incomplete ones, are skipped).</summary>
    public async Task<IReadOnlyList<NodeManifest>> ManifestsAsync(BackupSummary backup, Guid? hostId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var manifests = new List<NodeManifest>();
        foreach (var part in backup.Nodes.Where(n => hostId is null || n.HostId == hostId))
        {
            if (await repository.ReadManifestAsync(part, cancellationToken).ConfigureAwait(false) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }

        return manifests;
    }
}

using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.CommitLogs;
using Amphora.Core.Repository;
using Amphora.Core.SSTables;

namespace Amphora.Core.Restore;

/// <summary>
/// Chooses what brings a node to its latest backed-up state or to a point in time: the newest snapshot (started before the
/// point, holding no cell newer than it), then the incremental SSTables flushed after that snapshot, in order. An
/// incremental SSTable is taken only when its id is newer than every SSTable of its table in the snapshot (older ones
/// were flushed before the snapshot and are in it, possibly compacted: taking them again could bring back data whose
/// tombstone was purged) and, for a point in time, when Statistics.db says it holds no cell newer than the point. What
/// is left out is replayed from the commit log.
/// </summary>
public static class RestoreChainBuilder
{
    /// <summary>The chain of one backed-up node from its complete backups (any order): to a point in time, or to its latest backup when null.</summary>
    public static Task<RestoreChain> ForNodeAsync(
        BackupRepository repository, IReadOnlyList<NodeBackupSummary> nodeBackups, PointInTime? pointInTime, TimestampPrecision precision, TableFilter tables,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(nodeBackups);
        var snapshots = nodeBackups.Where(p => p.Kind == BackupKind.Snapshot).OrderByDescending(p => p.StartedAt).ToList();
        return BuildAsync(
            snapshots,
            repository.ReadCompleteManifestAsync,
            (snapshot, token) => IncrementalsAfterAsync(repository, nodeBackups, snapshot, token),
            pointInTime,
            precision,
            tables,
            cancellationToken);
    }

    /// <summary>A chosen snapshot followed by its node's incrementals (what <c>restore --latest</c> restores).</summary>
    public static async Task<RestoreChain> AfterSnapshotAsync(BackupRepository repository, NodeManifest snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(snapshot);
        var parts = await new BackupCatalog(repository).CompleteNodeBackupsAsync(snapshot.Node.Cluster, snapshot.Node.HostId, cancellationToken).ConfigureAwait(false);
        var incrementals = await IncrementalsAfterAsync(repository, parts, snapshot, cancellationToken).ConfigureAwait(false);
        return Chain(snapshot, incrementals, null, TimestampPrecision.Microseconds);
    }

    /// <summary>The node's incremental backups that finished after the snapshot started, oldest first.</summary>
    private static async Task<IReadOnlyList<NodeManifest>> IncrementalsAfterAsync(
        BackupRepository repository, IReadOnlyList<NodeBackupSummary> parts, NodeManifest snapshot, CancellationToken cancellationToken)
    {
        var manifests = new List<NodeManifest>();
        var after = parts.Where(p => p.Kind == BackupKind.Incremental && p.Completion!.FinishedAt > snapshot.StartedAt)
            .OrderBy(p => p.Completion!.FinishedAt)
            .ThenBy(p => p.Tag, StringComparer.Ordinal);
        foreach (var part in after)
        {
            manifests.Add(await repository.ReadCompleteManifestAsync(part, cancellationToken).ConfigureAwait(false));
        }

        return manifests;
    }

    /// <param name="snapshots">The node's complete snapshot backups, newest first, read lazily.</param>
    /// <param name="incrementals">The node's complete incremental backups that finished after the chosen snapshot started, oldest first.</param>
    public static async Task<RestoreChain> BuildAsync(
        IReadOnlyList<NodeBackupSummary> snapshots,
        Func<NodeBackupSummary, CancellationToken, Task<NodeManifest>> readManifest,
        Func<NodeManifest, CancellationToken, Task<IReadOnlyList<NodeManifest>>> incrementalsAfter,
        PointInTime? pointInTime,
        TimestampPrecision precision,
        TableFilter tables,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(readManifest);
        ArgumentNullException.ThrowIfNull(incrementalsAfter);
        ArgumentNullException.ThrowIfNull(tables);
        var candidates = pointInTime is { } point ? snapshots.Where(s => s.StartedAt is { } started && PointInTime.FromDateTimeOffset(started) <= point).ToList() : snapshots.ToList();
        if (candidates.Count == 0)
        {
            throw new ArgumentException(snapshots.Count == 0
                ? "the node has no complete snapshot backup to start from; take one with 'amphora backup'."
                : $"no snapshot backup of the node started before {pointInTime}; the oldest started at {snapshots.Min(s => s.StartedAt):u}. A point-in-time restore needs a snapshot older than the point.");
        }

        var refused = new List<string>();
        foreach (var candidate in candidates)
        {
            var snapshot = await readManifest(candidate, cancellationToken).ConfigureAwait(false);
            if (pointInTime is { } limit && NewerThan(snapshot, limit, precision, tables) is { } reason)
            {
                refused.Add($"{snapshot.Tag}: {reason}");
                continue;
            }

            var incrementals = await incrementalsAfter(snapshot, cancellationToken).ConfigureAwait(false);
            return Chain(snapshot, incrementals, pointInTime, precision);
        }

        throw new ArgumentException(
            $"no snapshot backup before {pointInTime} can be used: {string.Join("; ", refused)}. Cells newer than the point in a snapshot " +
            "(client timestamps ahead of the clock, or a snapshot taken just before the point) would come back; choose a later point or an older snapshot.");
    }

    private static RestoreChain Chain(NodeManifest snapshot, IReadOnlyList<NodeManifest> incrementals, PointInTime? pointInTime, TimestampPrecision precision)
    {
        var newest = snapshot.Tables
            .SelectMany(t => t.SSTables.Select(s => (Key: (TableKey.Of(t), DirectoryOf(s.Prefix)), s.Id)))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Id).Max(SSTableGeneration.Comparer)!);
        var seen = snapshot.Tables.SelectMany(t => t.SSTables.Select(s => (TableKey.Of(t), s.Prefix))).ToHashSet();
        var taken = new List<ChainedSSTable>();
        var leftOut = new List<ChainedSSTable>();
        foreach (var incremental in incrementals)
        {
            foreach (var table in incremental.Tables)
            {
                foreach (var sstable in table.SSTables)
                {
                    if (!seen.Add((TableKey.Of(table), sstable.Prefix)))
                    {
                        continue;
                    }

                    var files = table.Files.Where(f => f.Path.StartsWith(sstable.Prefix, StringComparison.Ordinal) && f.SSTable is not null)
                        .Select(f => f with { DataDirectory = MapDataDirectory(f.DataDirectory, incremental.Node, snapshot.Node) })
                        .ToList();
                    var entry = new ChainedSSTable(incremental.Tag, table with { Files = [], SSTables = [] }, sstable, files);
                    var reason = newest.TryGetValue((TableKey.Of(table), DirectoryOf(sstable.Prefix)), out var newestId)
                        && SSTableGeneration.Comparer.Compare(sstable.Id, newestId) <= 0
                            ? $"flushed before snapshot {snapshot.Tag} (id {sstable.Id} is not newer than its {newestId}): its data is in the snapshot"
                            : pointInTime is { } point ? NewerThan(sstable, point, precision) : null;
                    (reason is null ? taken : leftOut).Add(entry with { Reason = reason });
                }
            }
        }

        return new RestoreChain(snapshot, incrementals, taken, leftOut);
    }

    /// <summary>Why the snapshot holds cells newer than the point (null when it does not) among the selected tables.</summary>
    private static string? NewerThan(NodeManifest snapshot, PointInTime point, TimestampPrecision precision, TableFilter tables) =>
        snapshot.Tables.Where(t => tables.Matches(t.Keyspace, t.Table))
            .SelectMany(t => t.SSTables.Select(s => NewerThan(s, point, precision) is { } reason ? $"{t.Keyspace}.{t.Table} {s.Prefix} {reason}" : null))
            .FirstOrDefault(r => r is not null);

    private static string? NewerThan(SSTableSummary sstable, PointInTime point, TimestampPrecision precision) =>
        sstable.TimeBounds is not { } bounds
            ? "has no readable Statistics.db, so it may hold cells newer than the point"
            : precision.ToMicroseconds(bounds.MaxTimestamp) > point.Microseconds
                ? $"holds cells up to {new PointInTime(precision.ToMicroseconds(bounds.MaxTimestamp))}, after the point"
                : null;

    /// <summary>"" for the table's own SSTables, ".index/" for a secondary index's, which count ids on their own.</summary>
    private static string DirectoryOf(string prefix) => prefix[..(prefix.LastIndexOf('/') + 1)];

    /// <summary>The snapshot's index of the same data directory path (the node's disks may be listed in another order); else the same index.</summary>
    private static int MapDataDirectory(int index, NodeEntry from, NodeEntry to)
    {
        var path = index < from.DataDirectories.Count ? from.DataDirectories[index] : null;
        var mapped = path is null ? -1 : to.DataDirectories.ToList().IndexOf(path);
        return mapped >= 0 ? mapped : index % to.DataDirectories.Count;
    }
}

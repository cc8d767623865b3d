using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>
/// Which node backups a purge keeps. Per node, the rules count snapshot backups only: its newest <see cref="KeepLast"/>
/// complete snapshots and every complete snapshot finished within <see cref="KeepWithin"/> (one meeting either rule stays),
/// and always its newest complete snapshot. A complete incremental stays when it finished after the node's oldest kept
/// snapshot started: older ones cannot serve any restore, since every kept snapshot already holds what they shipped. A node
/// with no complete snapshot keeps all its incrementals (nothing tells which are useless yet). Incomplete backups of either
/// kind stay for <see cref="IncompleteGrace"/> after they started, then go.
/// </summary>
public sealed record RetentionPolicy(int? KeepLast, TimeSpan? KeepWithin, TimeSpan IncompleteGrace)
{
    public IReadOnlyList<NodeBackupSummary> Expired(IEnumerable<NodeBackupSummary> parts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var expired = new List<NodeBackupSummary>();
        foreach (var node in parts.GroupBy(p => (p.Cluster, p.HostId)))
        {
            var snapshots = node.Where(p => p.IsComplete && p.Kind == BackupKind.Snapshot).OrderByDescending(p => p.Completion!.FinishedAt).ToList();
            var kept = new List<NodeBackupSummary>();
            for (var rank = 0; rank < snapshots.Count; rank++)
            {
                var keep = rank == 0
                    || (KeepLast is { } last && rank < last)
                    || (KeepWithin is { } within && now - snapshots[rank].Completion!.FinishedAt <= within);
                (keep ? kept : expired).Add(snapshots[rank]);
            }

            // An incremental that finished after the snapshot started may hold SSTables flushed while it ran, which it lacks.
            var oldestKeptStart = kept.Select(s => s.StartedAt ?? s.Completion!.FinishedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Min();
            expired.AddRange(node.Where(p => p.IsComplete && p.Kind == BackupKind.Incremental && p.Completion!.FinishedAt < oldestKeptStart));
            expired.AddRange(node.Where(p => !p.IsComplete && (p.StartedAt is null || now - p.StartedAt > IncompleteGrace)));
        }

        return expired;
    }
}

using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>
/// Which node backups a purge keeps. Per node: its newest <see cref="KeepLast"/> complete backups and every complete backup
/// finished within <see cref="KeepWithin"/> (a backup meeting either rule stays), and always its newest complete backup.
/// Incomplete backups stay for <see cref="IncompleteGrace"/> after they started, then go.
/// </summary>
public sealed record RetentionPolicy(int? KeepLast, TimeSpan? KeepWithin, TimeSpan IncompleteGrace)
{
    public IReadOnlyList<NodeBackupSummary> Expired(IEnumerable<NodeBackupSummary> parts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var expired = new List<NodeBackupSummary>();
        foreach (var node in parts.GroupBy(p => (p.Cluster, p.HostId)))
        {
            var complete = node.Where(p => p.IsComplete).OrderByDescending(p => p.Completion!.FinishedAt).ToList();
            for (var rank = 0; rank < complete.Count; rank++)
            {
                var keep = rank == 0
                    || (KeepLast is { } last && rank < last)
                    || (KeepWithin is { } within && now - complete[rank].Completion!.FinishedAt <= within);
                if (!keep)
                {
                    expired.Add(complete[rank]);
                }
            }

            expired.AddRange(node.Where(p => !p.IsComplete && (p.StartedAt is null || now - p.StartedAt > IncompleteGrace)));
        }

        return expired;
    }
}

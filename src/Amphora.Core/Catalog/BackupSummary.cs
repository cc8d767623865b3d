using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>One backup (a cluster and a tag) with its node parts: complete only when every part is.</summary>
public sealed record BackupSummary(string Cluster, string Tag, IReadOnlyList<NodeBackupSummary> Nodes)
{
    /// <summary>The parts' kind (<see cref="BackupKind"/>); "mixed" if a tag names snapshots of some nodes and incrementals of others.</summary>
    public string Kind => Nodes.Select(n => n.Kind).Distinct(StringComparer.Ordinal).Count() == 1 ? Nodes[0].Kind : "mixed";

    public DateTimeOffset? StartedAt => Nodes.Min(n => n.StartedAt);

    public DateTimeOffset? FinishedAt => IsComplete ? Nodes.Max(n => n.Completion!.FinishedAt) : null;

    public bool IsComplete => Nodes.All(n => n.IsComplete);

    public long Files => Nodes.Sum(n => n.Completion?.Files ?? 0);

    public long Bytes => Nodes.Sum(n => n.Completion?.Bytes ?? 0);

    public long NewBytes => Nodes.Sum(n => n.Completion?.NewBytes ?? 0);
}

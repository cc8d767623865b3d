namespace Amphora.Core.CommitLogs;

/// <summary>
/// One node's archived segments at a glance. A segment holds the writes between the previous segment's close and its own
/// (<see cref="SegmentSpan"/>), so the archive covers from the oldest segment's close (earlier writes of the oldest one
/// included, but from an unknown start) to the newest segment's close, and a restore can reach no later than that:
/// <see cref="RecoveryPointObjective"/> is how far behind now that is.
/// </summary>
public sealed record CommitLogNodeSummary(
    string Cluster,
    Guid HostId,
    int Segments,
    long Bytes,
    string OldestSegment,
    string NewestSegment,
    DateTimeOffset OldestClosedAt,
    DateTimeOffset NewestClosedAt,
    TimeSpan Covered,
    TimeSpan RecoveryPointObjective,
    bool NoSegmentInLastHour,
    IReadOnlyList<SegmentSpan>? SegmentSpans)
{
    /// <summary>Summaries per node of the segments (any order), each node's own ordered by segment id.</summary>
    public static IReadOnlyList<CommitLogNodeSummary> Summarize(IEnumerable<ArchivedSegment> segments, DateTimeOffset now, bool withSpans)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return [.. segments.GroupBy(s => (s.Cluster, s.HostId))
            .OrderBy(g => g.Key.Cluster, StringComparer.Ordinal).ThenBy(g => g.Key.HostId)
            .Select(g => Summarize(g.OrderBy(s => s.SegmentId).ToList(), now, withSpans))];
    }

    private static CommitLogNodeSummary Summarize(List<ArchivedSegment> node, DateTimeOffset now, bool withSpans)
    {
        var (oldest, newest) = (node[0], node[^1]);
        var newestClose = node.Max(s => s.ClosedAt);
        return new CommitLogNodeSummary(
            oldest.Cluster,
            oldest.HostId,
            node.Count,
            node.Sum(s => s.Size),
            oldest.Name,
            newest.Name,
            oldest.ClosedAt,
            newestClose,
            newestClose - oldest.ClosedAt,
            now - newestClose,
            now - newestClose > TimeSpan.FromHours(1),
            withSpans ? [.. node.Select((s, i) => new SegmentSpan(s.Name, s.Size, i == 0 ? null : node[i - 1].ClosedAt, s.ClosedAt))] : null);
    }
}

/// <summary>A segment and the writes it holds: after <see cref="After"/> (unknown for the oldest) up to <see cref="Until"/>.</summary>
public sealed record SegmentSpan(string Name, long Size, DateTimeOffset? After, DateTimeOffset Until);

using Amphora.Core.CommitLogs;

namespace Amphora.Core.Restore;

/// <summary>
/// Which archived segments a restore replays. From the snapshot: its flush covered everything written before it
/// started, so segments closed before then are not needed; one more is taken as a margin for the segment the
/// snapshot started in. To the point: every segment closed up to the point (plus the clients' allowed clock lag), and
/// the first one closed after it, which holds the last writes before the point. Replay itself skips what SSTables
/// already hold and every mutation newer than the point, so a segment too many costs time, never correctness.
/// </summary>
public sealed record CommitLogReplaySelection(IReadOnlyList<ArchivedSegment> Segments, IReadOnlyList<string> Warnings)
{
    public static CommitLogReplaySelection Choose(
        IReadOnlyList<ArchivedSegment> archived, DateTimeOffset snapshotStartedAt, PointInTime? pointInTime, TimeSpan clientClockLag)
    {
        ArgumentNullException.ThrowIfNull(archived);
        var ordered = archived.OrderBy(s => s.SegmentId).ToList();
        var warnings = new List<string>();
        if (ordered.Count == 0)
        {
            warnings.Add("the location holds no archived commit log segment of this node: only the backed-up SSTables are restored " +
                "(set up archiving with 'amphora commitlog setup' and 'amphora commitlog ship').");
            return new CommitLogReplaySelection([], warnings);
        }

        var firstAfterSnapshot = ordered.FindIndex(s => s.ClosedAt >= snapshotStartedAt);
        var start = firstAfterSnapshot < 0 ? ordered.Count - 1 : Math.Max(0, firstAfterSnapshot - 1);
        var end = ordered.Count - 1;
        if (pointInTime is { } point)
        {
            var limit = point.ToDateTimeOffset() + clientClockLag;
            var firstPast = ordered.FindIndex(start, s => s.ClosedAt > limit);
            if (firstPast >= 0)
            {
                end = firstPast;
            }
            else if (ordered[^1].ClosedAt < point.ToDateTimeOffset())
            {
                warnings.Add($"the newest archived segment ({ordered[^1].Name}) closed at {ordered[^1].ClosedAt:u}, before the point: writes after it " +
                    "are in segments not archived yet (the node's active segment is archived when it fills, at drain or at its next start-up).");
            }
        }

        return new CommitLogReplaySelection(ordered.GetRange(start, end - start + 1), warnings);
    }
}

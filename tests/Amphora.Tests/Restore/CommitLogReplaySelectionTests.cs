using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;

namespace Amphora.Tests.Restore;

/// <summary>Which archived segments a restore replays, from the snapshot's start to the point.</summary>
public sealed class CommitLogReplaySelectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    // Segments 1..5 closed at T0 + 1..5 minutes.
    private static readonly IReadOnlyList<ArchivedSegment> FiveSegments = [.. Enumerable.Range(1, 5).Select(i => Segment(i, i))];

    [Theory]
    [InlineData(2.5, 2)]
    [InlineData(2, 1)]
    [InlineData(1.5, 1)]
    [InlineData(0.5, 1)]
    [InlineData(0, 1)]
    public void The_first_segment_is_the_last_one_closed_before_the_snapshot_started(double snapshotMinutes, long firstId)
    {
        var selection = CommitLogReplaySelection.Choose(FiveSegments, T0.AddMinutes(snapshotMinutes), null, TimeSpan.Zero);

        Assert.Equal(firstId, selection.Segments[0].SegmentId);
        Assert.Equal(5, selection.Segments[^1].SegmentId);
    }

    [Fact]
    public void When_every_segment_closed_before_the_snapshot_only_the_newest_is_taken()
    {
        var selection = CommitLogReplaySelection.Choose(FiveSegments, T0.AddMinutes(30), null, TimeSpan.Zero);

        Assert.Equal([5L], selection.Segments.Select(s => s.SegmentId));
    }

    [Theory]
    [InlineData(3.5, 0, 4)]
    [InlineData(3, 0, 4)]
    [InlineData(3.5, 1, 5)]
    [InlineData(3, 1, 5)]
    [InlineData(2.75, 0.25, 4)]
    public void The_last_segment_is_the_first_closed_after_the_point_plus_the_clock_lag(double pointMinutes, double lagMinutes, long lastId)
    {
        var selection = CommitLogReplaySelection.Choose(
            FiveSegments, T0.AddMinutes(1.5), PointInTime.FromDateTimeOffset(T0.AddMinutes(pointMinutes)), TimeSpan.FromMinutes(lagMinutes));

        Assert.Equal(Enumerable.Range(1, (int)lastId).Select(i => (long)i), selection.Segments.Select(s => s.SegmentId));
        Assert.Empty(selection.Warnings);
    }

    [Fact]
    public void Segments_are_taken_in_id_order_whatever_order_they_are_listed_in()
    {
        var shuffled = FiveSegments.Reverse().ToList();

        var selection = CommitLogReplaySelection.Choose(shuffled, T0.AddMinutes(2.5), PointInTime.FromDateTimeOffset(T0.AddMinutes(3.5)), TimeSpan.Zero);

        Assert.Equal([2L, 3L, 4L], selection.Segments.Select(s => s.SegmentId));
    }

    [Fact]
    public void A_point_after_the_newest_segment_closed_takes_all_from_the_start_with_a_warning_naming_it()
    {
        var selection = CommitLogReplaySelection.Choose(FiveSegments, T0.AddMinutes(2.5), PointInTime.FromDateTimeOffset(T0.AddMinutes(10)), TimeSpan.Zero);

        Assert.Equal([2L, 3L, 4L, 5L], selection.Segments.Select(s => s.SegmentId));
        var warning = Assert.Single(selection.Warnings);
        Assert.Contains(Name(5), warning, StringComparison.Ordinal);
        Assert.Contains("before the point", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void No_warning_when_the_newest_segment_closed_after_the_point_but_within_the_clock_lag()
    {
        var selection = CommitLogReplaySelection.Choose(
            FiveSegments, T0.AddMinutes(2.5), PointInTime.FromDateTimeOffset(T0.AddMinutes(4.5)), TimeSpan.FromMinutes(1));

        Assert.Equal([2L, 3L, 4L, 5L], selection.Segments.Select(s => s.SegmentId));
        Assert.Empty(selection.Warnings);
    }

    [Fact]
    public void Latest_takes_every_segment_from_the_start_without_a_warning()
    {
        var selection = CommitLogReplaySelection.Choose(FiveSegments, T0.AddMinutes(3.5), null, TimeSpan.Zero);

        Assert.Equal([3L, 4L, 5L], selection.Segments.Select(s => s.SegmentId));
        Assert.Empty(selection.Warnings);
    }

    [Fact]
    public void No_archived_segment_gives_an_empty_selection_and_a_warning()
    {
        var selection = CommitLogReplaySelection.Choose([], T0, PointInTime.FromDateTimeOffset(T0.AddMinutes(1)), TimeSpan.Zero);

        Assert.Empty(selection.Segments);
        var warning = Assert.Single(selection.Warnings);
        Assert.Contains("no archived commit log segment", warning, StringComparison.Ordinal);
        Assert.Contains("amphora commitlog setup", warning, StringComparison.Ordinal);
    }

    private static string Name(long id) => $"CommitLog-7-{id}.log";

    private static ArchivedSegment Segment(long id, double closedMinutes) =>
        new("prod", Guid.Empty, Name(id), 7, id, 1_000, new string('a', 64), T0.AddMinutes(closedMinutes), T0.AddMinutes(closedMinutes + 0.5), $"commitlog/{Name(id)}");
}

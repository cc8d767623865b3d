using Amphora.Core.CommitLogs;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>
/// Start-up restores archived segments and replays them as CommitLogReplayer does: up to restore_point_in_time, only
/// beyond what the table's SSTables hold, limited by -Dcassandra.replayList, with truncations after the point undone.
/// </summary>
public sealed class PointInTimeReplayTests
{
    private static readonly long A = PointInTime.ParseIso("2026-03-01T10:00:00Z").Microseconds;
    private static readonly long B = A + 60_000_000;
    private static readonly long C = A + 120_000_000;

    /// <summary>Rows at A flushed into snapshot "base", then rows at B and C across segments; drained and stopped.</summary>
    private static IReadOnlyList<string> WriteThreeGenerations(ArchivingSandbox node, long a, long b, long c)
    {
        node.StartArchiving();
        node.Write("ks.t", 0, 100, a);
        node.Sandbox.NodetoolOk("snapshot", "-t", "base", "ks");
        node.Write("ks.t", 100, 1000, b);
        node.Write("ks.t", 1100, 1000, c);
        var rows = node.Rows("ks.t");
        node.Sandbox.NodetoolOk("drain");
        node.Sandbox.Node().Stop();
        return rows;
    }

    [Fact]
    public void Restore_to_a_point_between_two_writes_brings_back_exactly_the_rows_up_to_it()
    {
        using var node = new ArchivingSandbox();
        var all = WriteThreeGenerations(node, A, B, C);
        Assert.Equal(2100, all.Count);

        node.PrepareRestore("ks.t", "base", new PointInTime(B + 30_000_000));
        node.Sandbox.Node().Start();

        var expected = all.Where(r => long.Parse(r.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) <= B).ToList();
        Assert.Equal(1100, expected.Count);
        Assert.Equal(expected, node.Rows("ks.t"));
        Assert.Single(node.CommitLogSegments); // restored segments are deleted after replay, not archived again
        Assert.DoesNotContain(node.CommitLogSegments[0], node.ArchivedSegments);
    }

    [Fact]
    public void Without_a_point_in_time_every_archived_mutation_is_replayed()
    {
        using var node = new ArchivingSandbox();
        var all = WriteThreeGenerations(node, A, B, C);
        node.PrepareRestore("ks.t", "base", new PointInTime(C));
        node.Configure((CommitLogArchivingProperties.RestorePointInTimeKey, string.Empty));
        node.Sandbox.Node().Start();
        Assert.Equal(all, node.Rows("ks.t"));
    }

    [Fact]
    public void Millisecond_precision_compares_timestamps_as_milliseconds()
    {
        using var node = new ArchivingSandbox();
        // Writers using milliseconds: read as microseconds these would all lie in 1970, before any point in time.
        var all = WriteThreeGenerations(node, A / 1000, B / 1000, C / 1000);
        node.PrepareRestore("ks.t", "base", new PointInTime(B + 30_000_000), TimestampPrecision.Milliseconds);
        node.Sandbox.Node().Start();

        var expected = all.Where(r => long.Parse(r.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) <= B / 1000).ToList();
        Assert.Equal(1100, expected.Count);
        Assert.Equal(expected, node.Rows("ks.t"));
    }

    [Fact]
    public void A_truncation_after_the_point_in_time_is_undone()
    {
        using var node = new ArchivingSandbox();
        var now = PointInTime.FromDateTimeOffset(DateTimeOffset.UtcNow).Microseconds;
        node.StartArchiving();
        node.Write("ks.t", 0, 500, now - 600_000_000);
        node.Sandbox.NodetoolOk("flush");
        node.Write("ks.t", 500, 500, now - 300_000_000);
        var rows = node.Rows("ks.t");
        node.Sandbox.Node().Truncate("ks.t"); // now: after the point below
        Assert.Empty(node.Rows("ks.t"));
        node.Sandbox.NodetoolOk("drain");
        node.Sandbox.Node().Stop();

        node.PrepareRestore("ks.t", snapshot: null, new PointInTime(now - 60_000_000));
        node.Sandbox.Node().Start();
        Assert.Equal(rows, node.Rows("ks.t"));
    }

    [Fact]
    public void A_truncation_is_honoured_by_an_ordinary_restart()
    {
        using var node = new ArchivingSandbox();
        node.Write("ks.t", 0, 300, A);
        node.Sandbox.Node().Truncate("ks.t");
        node.Write("ks.t", 1000, 5, B); // after the truncation: kept
        node.Restart();
        Assert.Equal(5, node.Rows("ks.t").Count);
    }

    [Fact]
    public void The_replay_list_limits_replay_to_the_named_tables()
    {
        using var node = new ArchivingSandbox();
        node.Write("ks.a", 0, 20, A);
        node.Write("ks.b", 0, 20, A);
        node.Sandbox.Node().Stop();

        var start = ProcessRunner.Run("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), "sandbox", "start", node.Sandbox.Path, "--node", "node1"],
            new Dictionary<string, string> { [Amphora.Sandbox.CommitLog.ReplayFilter.JvmOptionsVariable] = "-Xss256k -Dcassandra.replayList=ks.a" });
        Assert.True(start.ExitCode == 0, start.StandardError + start.StandardOutput);
        Assert.Equal(20, node.Rows("ks.a").Count);
        Assert.Empty(node.Rows("ks.b"));
    }

    [Fact]
    public void A_replay_list_naming_an_unknown_table_fails_start_up()
    {
        using var node = new ArchivingSandbox();
        node.Write("ks.t", 0, 1, A);
        node.Sandbox.Node().Stop();
        var start = ProcessRunner.Run("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), "sandbox", "start", node.Sandbox.Path, "--node", "node1"],
            new Dictionary<string, string> { [Amphora.Sandbox.CommitLog.ReplayFilter.JvmOptionsVariable] = "-Dcassandra.replayList=ks.nope" });
        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("unknown table ks.nope", start.StandardError + start.StandardOutput, StringComparison.Ordinal);
        Assert.False(node.Sandbox.Node().IsRunning);
    }

    [Fact]
    public void A_restore_directory_segment_whose_header_does_not_match_its_name_fails_start_up()
    {
        using var node = new ArchivingSandbox();
        WriteThreeGenerations(node, A, B, C);
        var archived = Path.Combine(node.ArchiveDirectory, node.ArchivedSegments[0]);
        var restoreDirectory = node.TempPath("restore");
        Directory.CreateDirectory(restoreDirectory);
        var impostor = Path.Combine(restoreDirectory, "CommitLog-7-123.log");
        File.Copy(archived, impostor);
        node.PrepareRestore("ks.t", "base", new PointInTime(C));
        node.Configure((CommitLogArchivingProperties.RestoreDirectoriesKey, restoreDirectory));

        var error = Assert.Throws<SandboxException>(() => node.Sandbox.Node().Start());
        Assert.StartsWith("Cannot safely construct descriptor for segment", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(impostor, error.Message, StringComparison.Ordinal);
        Assert.False(node.Sandbox.Node().IsRunning);
        Assert.Empty(node.CommitLogSegments);
    }
}

using Amphora.Core.CommitLogs;
using Amphora.Sandbox;

namespace Amphora.Tests.Sandbox;

/// <summary>archive_command runs on every finished segment, at drain and for leftovers at start-up, with real commands.</summary>
public sealed class CommitLogArchivingTests
{
    [Fact]
    public void Segments_are_archived_when_they_roll_and_the_active_one_at_drain()
    {
        using var node = new ArchivingSandbox();
        node.StartArchiving();
        node.Write("ks.t", 0, 1000, 1_000_000);

        var segments = node.CommitLogSegments;
        Assert.True(segments.Count >= 3, $"expected the writes to roll several segments, found {segments.Count}");
        var active = segments[^1];
        Assert.Subset(node.ArchivedSegments.ToHashSet(), segments.SkipLast(1).ToHashSet());
        Assert.DoesNotContain(active, node.ArchivedSegments);
        foreach (var finished in segments.SkipLast(1))
        {
            // A hard link: the archived file is the segment itself.
            Assert.Equal(File.ReadAllBytes(Path.Combine(node.CommitLogDirectory, finished)), File.ReadAllBytes(Path.Combine(node.ArchiveDirectory, finished)));
        }

        var rows = node.Rows("ks.t");
        node.Sandbox.NodetoolOk("drain");
        Assert.Empty(node.CommitLogSegments);
        Assert.Subset(node.ArchivedSegments.ToHashSet(), segments.ToHashSet());
        Assert.Equal(rows, node.Rows("ks.t"));
    }

    [Fact]
    public void A_killed_node_archives_its_leftover_segment_at_start_up_and_keeps_every_row()
    {
        using var node = new ArchivingSandbox();
        node.StartArchiving();
        node.Write("ks.t", 0, 50, 1_000_000);
        node.Sandbox.NodetoolOk("flush");
        node.Write("ks.t", 50, 20, 2_000_000); // only in the commit log
        var rows = node.Rows("ks.t");
        var active = node.CommitLogSegments[^1];
        Assert.DoesNotContain(active, node.ArchivedSegments);

        node.Restart();
        Assert.Contains(active, node.ArchivedSegments);
        Assert.DoesNotContain(active, node.CommitLogSegments); // replayed, then deleted
        Assert.Equal(70, rows.Count);
        Assert.Equal(rows, node.Rows("ks.t"));
    }

    [Fact]
    public void A_failing_archive_command_keeps_segments_until_a_start_up_archives_them()
    {
        using var node = new ArchivingSandbox();
        Directory.CreateDirectory(node.ArchiveDirectory);
        node.Configure((CommitLogArchivingProperties.ArchiveCommandKey, "/bin/false %path"));
        node.Restart();
        node.Write("ks.t", 0, 1000, 1_000_000);
        var written = node.CommitLogSegments;
        node.Sandbox.NodetoolOk("flush"); // would delete every finished segment
        Assert.Equal(written, node.CommitLogSegments);
        node.Sandbox.NodetoolOk("drain"); // would delete the active one too
        Assert.Equal(written, node.CommitLogSegments);
        Assert.Empty(node.ArchivedSegments);
        var rows = node.Rows("ks.t");

        // Changes need a restart: the working command archives the kept segments at the next start-up.
        node.Configure((CommitLogArchivingProperties.ArchiveCommandKey, node.LinkCommand));
        node.Restart();
        Assert.Subset(node.ArchivedSegments.ToHashSet(), written.ToHashSet());
        Assert.Empty(node.CommitLogSegments.Intersect(written));
        Assert.Equal(rows, node.Rows("ks.t"));
    }

    [Fact]
    public void The_archive_command_is_read_at_start_up_only()
    {
        using var node = new ArchivingSandbox();
        node.StartArchiving();
        node.Configure((CommitLogArchivingProperties.ArchiveCommandKey, string.Empty));
        node.Write("ks.t", 0, 1000, 1_000_000);
        Assert.NotEmpty(node.ArchivedSegments); // still the command the node started with
    }

    [Fact]
    public void A_malformed_properties_file_fails_start_up()
    {
        using var node = new ArchivingSandbox();
        node.Configure((CommitLogArchivingProperties.RestorePointInTimeKey, "yesterday"));
        node.Sandbox.Node().Stop();
        var error = Assert.Throws<SandboxException>(() => node.Sandbox.Node().Start());
        Assert.Contains(node.PropertiesPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("restore_point_in_time 'yesterday'", error.Message, StringComparison.Ordinal);
        Assert.False(node.Sandbox.Node().IsRunning);

        node.Configure((CommitLogArchivingProperties.RestorePointInTimeKey, string.Empty), (CommitLogArchivingProperties.PrecisionKey, "NANOSECONDS"));
        Assert.Contains("NANOSECONDS", Assert.Throws<SandboxException>(() => node.Sandbox.Node().Start()).Message, StringComparison.Ordinal);
    }
}

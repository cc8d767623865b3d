using Amphora.Core.CommitLogs;
using Amphora.Sandbox;
using Amphora.Tests.Support;
using Xunit.Abstractions;

namespace Amphora.Tests.Restore;

/// <summary>
/// Point-in-time restore end to end, as an operator runs it on a sandbox node that archives its commit log through
/// <c>amphora commitlog archive</c>: a snapshot backup, incremental backups, archived segments shipped to the location,
/// then a restore to a moment between two writes, replayed by the node at start-up.
/// </summary>
public sealed class PointInTimeRestoreTests : IDisposable
{
    private readonly CliBench _bench = new(new SandboxHarness(segmentSize: "64KiB", incrementalBackups: true));
    private readonly ITestOutputHelper _output;

    public PointInTimeRestoreTests(ITestOutputHelper output)
    {
        _output = output;
        CliBench.Ok(CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", _bench.CassandraYaml));
        // Cassandra reads commitlog_archiving.properties only at start-up.
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        Sandbox.Node().Start();
    }

    private SandboxHarness Sandbox => _bench.Sandbox;

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void Restore_to_a_moment_between_two_writes_brings_back_exactly_the_rows_written_up_to_it()
    {
        var (atPoint, point, _) = WriteHistory();

        var dryRun = CliBench.Ok(Restore("--point-in-time", point.ToString(), "--dry-run"));
        _output.WriteLine(dryRun);
        Assert.Contains("Base snapshot: base", dryRun, StringComparison.Ordinal);
        Assert.Contains($"restore_point_in_time={point.ToPropertyText()}", dryRun, StringComparison.Ordinal);
        Assert.Contains("Dry run", dryRun, StringComparison.Ordinal);
        Assert.False(new CommitLogArchivingProperties(JavaPropertiesFile.Parse(File.ReadAllText(PropertiesPath))).HasRestoreSettings);

        var output = CliBench.Ok(Restore("--point-in-time", point.ToString()));
        Assert.Contains("Next: start the node", output, StringComparison.Ordinal);
        Assert.Contains("incremental SSTable", output, StringComparison.Ordinal);
        Sandbox.Node().Start();
        Assert.Equal(atPoint, Sandbox.DumpChecksum("shop.orders"));

        var finish = CliBench.Ok(CliBench.Amphora("restore", "finish", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath()));
        Assert.Contains("Removed restore_command", finish, StringComparison.Ordinal);
        var properties = new CommitLogArchivingProperties(JavaPropertiesFile.Parse(File.ReadAllText(PropertiesPath)));
        Assert.False(properties.HasRestoreSettings);
        Assert.NotNull(properties.ArchiveCommand);

        // The next restart must not replay again: the rows stay those of the point.
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        Sandbox.Node().Start();
        Assert.Equal(atPoint, Sandbox.DumpChecksum("shop.orders"));
    }

    [Fact]
    public void Restore_to_the_latest_archived_write_loses_no_acknowledged_write()
    {
        var (_, _, atEnd) = WriteHistory();
        foreach (var directory in Sandbox.Config().DataDirectories)
        {
            Directory.Delete(Path.Combine(directory, "shop"), recursive: true);
        }

        CliBench.Ok(Restore("--point-in-time", "latest"));
        Sandbox.Node().Start();
        Assert.Equal(atEnd, Sandbox.DumpChecksum("shop.orders"));
    }

    [Fact]
    public void Restore_latest_in_place_is_the_newest_snapshot_plus_the_incremental_sstables_flushed_after_it()
    {
        Sandbox.Write("shop.orders", 100, valueSize: 200);
        Sandbox.NodetoolOk("flush");
        CliBench.Ok(_bench.Backup("--tag", "base"));
        Sandbox.Write("shop.orders", 100, startKey: 1000, valueSize: 200);
        Sandbox.Write("shop.orders", 10, valueSize: 50);
        Sandbox.NodetoolOk("flush");
        CliBench.Ok(Amphora("backup", "incremental"));
        var atIncremental = Sandbox.DumpChecksum("shop.orders");
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        foreach (var directory in Sandbox.Config().DataDirectories)
        {
            Directory.Delete(Path.Combine(directory, "shop"), recursive: true);
        }

        var output = CliBench.Ok(Restore("--latest", "--in-place"));
        Assert.Matches(@"Latest state: snapshot base and [1-9]\d* incremental SSTable\(s\) flushed after it", output);
        Sandbox.Node().Start();
        Assert.Equal(atIncremental, Sandbox.DumpChecksum("shop.orders"));
    }

    [Fact]
    public void Finish_refuses_while_the_node_has_not_started_and_rollback_removes_the_settings()
    {
        var (_, point, atEnd) = WriteHistory();
        CliBench.Ok(Restore("--point-in-time", point.ToString()));

        var finish = CliBench.Amphora("restore", "finish", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath());
        Assert.Equal(1, finish.ExitCode);
        Assert.Contains("has not replayed", finish.StandardError, StringComparison.Ordinal);

        CliBench.Ok(CliBench.Amphora("restore", "rollback", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath()));
        Assert.False(new CommitLogArchivingProperties(JavaPropertiesFile.Parse(File.ReadAllText(PropertiesPath))).HasRestoreSettings);
        Sandbox.Node().Start();
        Assert.Equal(atEnd, Sandbox.DumpChecksum("shop.orders"));
    }

    /// <summary>
    /// Snapshot backup; a flush shipped as an incremental; writes that only the commit log holds, across segments; the
    /// point; then overwrites, deletes and new rows after it. Drains (archiving the last segment), ships the archive and
    /// stops the node. Returns the rows at the point and at the end.
    /// </summary>
    private (string AtPoint, PointInTime Point, string AtEnd) WriteHistory()
    {
        Sandbox.Write("shop.orders", 100, valueSize: 200);
        Sandbox.NodetoolOk("flush");
        CliBench.Ok(_bench.Backup("--tag", "base"));
        Sandbox.Write("shop.orders", 100, startKey: 1000, valueSize: 200);
        Sandbox.NodetoolOk("flush");
        CliBench.Ok(Amphora("backup", "incremental"));
        Sandbox.Write("shop.orders", 400, startKey: 2000, valueSize: 300);
        var atPoint = Sandbox.DumpChecksum("shop.orders");
        Thread.Sleep(5);
        var point = PointInTime.FromDateTimeOffset(DateTimeOffset.UtcNow);
        Thread.Sleep(5);
        Sandbox.Write("shop.orders", 20, valueSize: 100);
        Sandbox.Node().Write("shop.orders", new WriteOptions { Rows = 10, StartKey = 1000, Delete = true });
        Sandbox.Write("shop.orders", 300, startKey: 3000, valueSize: 300);
        var atEnd = Sandbox.DumpChecksum("shop.orders");
        Assert.NotEqual(atPoint, atEnd);
        Sandbox.NodetoolOk("drain");
        CliBench.Ok(Amphora("commitlog", "ship"));
        Sandbox.Node().Stop();
        return (atPoint, point, atEnd);
    }

    private string PropertiesPath => CommitLogArchivingProperties.PathBeside(_bench.CassandraYaml);

    private ProcessRunner.Result Restore(params string[] extra) =>
        Amphora(["restore", "-K", "shop.*", .. extra]);

    private ProcessRunner.Result Amphora(params string[] arguments) =>
        CliBench.Amphora([.. arguments, "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath(), "--location", _bench.Location]);
}

using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>Data survives flush, compaction, stop and start (commit log replay), as on a real node.</summary>
public sealed class NodeLifecycleTests
{
    [Fact]
    public void Dump_is_identical_before_and_after_flush_and_compaction()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 300);
        sandbox.Write("ks.t", 100, startKey: 250); // overwrites 50 keys with newer timestamps
        var before = sandbox.DumpChecksum();
        Assert.Equal(350, sandbox.Node().Dump("ks.t").Count);

        sandbox.NodetoolOk("flush");
        Assert.Equal(before, sandbox.DumpChecksum());

        sandbox.Write("ks.t", 10, startKey: 1000);
        sandbox.NodetoolOk("flush");
        var twoGenerations = sandbox.DumpChecksum();
        Assert.True(sandbox.LiveDataFiles("ks.t").Count >= 3);
        sandbox.NodetoolOk("compact", "ks", "t");
        Assert.Equal(2, sandbox.LiveDataFiles("ks.t").Count); // one output per data directory
        Assert.Equal(twoGenerations, sandbox.DumpChecksum());
    }

    [Fact]
    public void Newest_timestamp_wins_and_tombstones_hide_older_values()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 3, timestampMicros: 2000);
        sandbox.NodetoolOk("flush");
        sandbox.Write("ks.t", 3, timestampMicros: 1000); // older: must lose
        var rows = sandbox.Node().Dump("ks.t");
        Assert.All(rows, r => Assert.Equal(2000, r.Row.Timestamp));
        sandbox.Node().Write("ks.t", new WriteOptions { Rows = 1, StartKey = 1, TimestampMicros = 3000, Delete = true });
        Assert.Equal(2, sandbox.Node().Dump("ks.t").Count);
    }

    [Fact]
    public void A_stopped_node_refuses_nodetool_and_start_up_replays_the_commit_log()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 200);
        sandbox.NodetoolOk("flush");
        sandbox.Write("ks.t", 100, startKey: 150); // only in the commit log
        var before = sandbox.DumpChecksum();
        var filesBefore = sandbox.LiveDataFiles("ks.t");

        sandbox.Node().Stop();
        var refused = sandbox.Nodetool("flush");
        Assert.Equal(1, refused.ExitCode);
        Assert.Throws<NodeDownException>(() => sandbox.Node().Dump("ks.t"));
        Assert.Throws<NodeDownException>(() => sandbox.Write("ks.t", 1));

        sandbox.Node().Start();
        Assert.Equal(before, sandbox.DumpChecksum());
        // Replayed mutations are flushed into new SSTables at start-up, and the replayed segments are gone.
        Assert.True(sandbox.LiveDataFiles("ks.t").Count > filesBefore.Count);
        Assert.Single(Directory.EnumerateFiles(sandbox.Config().CommitLogDirectory, "CommitLog-7-*.log"));
    }

    [Fact]
    public void Drain_flushes_everything_and_refuses_further_writes()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 50);
        var before = sandbox.DumpChecksum();
        sandbox.NodetoolOk("drain");
        Assert.Empty(Directory.EnumerateFiles(sandbox.Config().CommitLogDirectory));
        Assert.NotEmpty(sandbox.LiveDataFiles("ks.t"));
        Assert.Equal(before, sandbox.DumpChecksum());
        Assert.Throws<SandboxException>(() => sandbox.Write("ks.t", 1));
        Assert.Contains("Gossip active          : false", sandbox.NodetoolOk("info"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compaction_leaves_a_transaction_log_while_it_works_and_cleans_up_after()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        var expected = WriteTwoGenerations(sandbox);
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        using var compaction = StartPausedCompaction(sandbox, out var pauseFile);
        var log = Assert.Single(Directory.EnumerateFiles(table, "nb_txn_compaction_*.log"));
        Assert.Matches(@"^nb_txn_compaction_[0-9a-f-]{36}\.log$", Path.GetFileName(log));
        var records = File.ReadAllLines(log);
        Assert.Contains(records, r => r.StartsWith("ADD:[" + table + "/nb-3-big,", StringComparison.Ordinal));
        Assert.Contains(records, r => r.StartsWith("REMOVE:[" + table + "/nb-1-big,", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.StartsWith("COMMIT", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(table, "nb-3-big-Data.db")));    // output in flux
        Assert.False(File.Exists(Path.Combine(table, "nb-3-big-TOC.txt")));
        Assert.True(File.Exists(Path.Combine(table, "nb-1-big-Data.db")));    // inputs still live

        // A snapshot during compaction takes the live inputs, not the half-written output.
        sandbox.NodetoolOk("snapshot", "-t", "during", "ks");
        var snapshot = Path.Combine(table, "snapshots", "during");
        Assert.Equal(["nb-1-big-Data.db", "nb-2-big-Data.db"], Directory.EnumerateFiles(snapshot, "*-Data.db").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        File.Delete(pauseFile);
        Assert.True(compaction.WaitForExit(60_000));
        Assert.Equal(0, compaction.ExitCode);
        Assert.Empty(Directory.EnumerateFiles(table, "*_txn_*.log"));
        Assert.Equal(["nb-3-big-Data.db"], sandbox.LiveDataFiles("ks.t").Select(Path.GetFileName));
        Assert.Equal(expected, sandbox.DumpChecksum());
    }

    [Fact]
    public void Start_up_rolls_back_a_compaction_that_never_committed()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        var expected = WriteTwoGenerations(sandbox);
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        using var compaction = StartPausedCompaction(sandbox, out _);
        compaction.Kill(entireProcessTree: true); // the node "crashes" mid-compaction
        compaction.WaitForExit();
        sandbox.Node().Stop();
        sandbox.Node().Start();
        Assert.Empty(Directory.EnumerateFiles(table, "*_txn_*.log"));
        Assert.False(File.Exists(Path.Combine(table, "nb-3-big-Data.db")));
        Assert.Equal(expected, sandbox.DumpChecksum());
    }

    [Fact]
    public void Import_moves_sstables_in_under_new_generations_and_refresh_loads_untracked_ones()
    {
        using var source = new SandboxHarness(dataDirectories: 1);
        source.Write("ks.t", 30);
        source.NodetoolOk("flush");
        var sourceTable = Assert.Single(source.TableDirectories("ks.t"));

        using var target = new SandboxHarness(dataDirectories: 1);
        target.Write("ks.t", 5, startKey: 1000);
        target.NodetoolOk("flush");
        var staging = Path.Combine(target.Path, "staging");
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(sourceTable, "nb-1-big-*"))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }

        target.NodetoolOk("import", "ks", "t", staging);
        Assert.Empty(Directory.EnumerateFiles(staging));
        Assert.Equal(["nb-1-big-Data.db", "nb-2-big-Data.db"], target.LiveDataFiles("ks.t").Select(Path.GetFileName));
        Assert.Equal(35, target.Node().Dump("ks.t").Count);

        // Files dropped straight into the table directory are invisible until refresh.
        var targetTable = Assert.Single(target.TableDirectories("ks.t"));
        foreach (var file in Directory.EnumerateFiles(sourceTable, "nb-1-big-*"))
        {
            File.Copy(file, Path.Combine(targetTable, Path.GetFileName(file).Replace("nb-1-", "nb-9-", StringComparison.Ordinal)));
        }

        source.Write("ks.t", 0);
        Assert.Equal(35, target.Node().Dump("ks.t").Count);
        Assert.Contains("deprecated", target.NodetoolOk("refresh", "ks", "t"), StringComparison.Ordinal);
        Assert.Equal(3, target.LiveDataFiles("ks.t").Count);
    }

    /// <summary>Two flushed generations of ks.t; returns the dump checksum they make.</summary>
    private static string WriteTwoGenerations(SandboxHarness sandbox)
    {
        sandbox.Write("ks.t", 100);
        sandbox.NodetoolOk("flush");
        sandbox.Write("ks.t", 100, startKey: 100);
        sandbox.NodetoolOk("flush");
        return sandbox.DumpChecksum();
    }

    /// <summary>Starts nodetool compact ks t with the pause hook and waits until the compaction is paused midway.</summary>
    private static System.Diagnostics.Process StartPausedCompaction(SandboxHarness sandbox, out string pauseFile)
    {
        pauseFile = Path.Combine(sandbox.Path, "pause");
        var compaction = ProcessRunner.Start(sandbox.NodetoolPath(), ["compact", "ks", "t"],
            new Dictionary<string, string> { [SandboxNode.CompactionPauseVariable] = pauseFile });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pauseFile) && DateTime.UtcNow < deadline && !compaction.HasExited)
        {
            Thread.Sleep(20);
        }

        Assert.True(File.Exists(pauseFile), "compaction did not reach its pause point: " + (compaction.HasExited ? compaction.StandardError.ReadToEnd() : "timeout"));
        return compaction;
    }
}

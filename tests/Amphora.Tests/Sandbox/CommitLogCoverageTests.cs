using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>Replay reads each SSTable's commit log intervals and originating host back from Statistics.db, in every format.</summary>
public sealed class CommitLogCoverageTests
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nb-uuid")]
    [InlineData("oa")]
    [InlineData("da")]
    public void Flushed_and_compacted_sstables_record_the_positions_they_hold_and_this_host(string format)
    {
        using var sandbox = new SandboxHarness(SSTableFormat.Parse(format), dataDirectories: 1);
        var node = sandbox.Node();
        var first = node.Write("ks.t", new Amphora.Sandbox.WriteOptions { Rows = 10 });
        sandbox.NodetoolOk("flush");
        var second = node.Write("ks.t", new Amphora.Sandbox.WriteOptions { Rows = 10, StartKey = 10 });
        sandbox.NodetoolOk("flush");

        var state = node.LoadState();
        var table = sandbox.Cluster.ResolveTable("ks.t");
        var flushed = node.LiveSSTables(state, table).Select(CommitLogCoverage.Read).ToList();
        Assert.Equal(2, flushed.Count);
        Assert.All(flushed, c => Assert.Equal(state.HostId, c.OriginatingHostId));

        // Each flush holds what the commit log had up to it, from where the table's previous flush stopped.
        CommitLogInterval[] expected = [new(CommitLogPosition.None, first), new(first, second)];
        Assert.Equal(expected, flushed.Select(c => Assert.Single(c.Intervals)).OrderBy(i => i.Lower).ToArray());

        sandbox.NodetoolOk("compact", "ks", "t");
        var compacted = Assert.Single(node.LiveSSTables(node.LoadState(), table).Select(CommitLogCoverage.Read));
        Assert.Equal(state.HostId, compacted.OriginatingHostId);
        Assert.Equal(flushed.SelectMany(c => c.Intervals).OrderBy(i => i.Lower).ToList(), compacted.Intervals.OrderBy(i => i.Lower).ToList());
    }
}

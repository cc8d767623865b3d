using Amphora.Core.Snapshots;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>The space a node-local snapshot pins, measured from hard-link counts and checked against stat(1).</summary>
public sealed class LocalSnapshotTests
{
    [Fact]
    public void A_snapshots_true_size_is_what_only_its_links_hold_so_it_grows_when_compaction_replaces_the_live_sstables()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 1000);
        bench.Sandbox.NodetoolOk("flush", "shop");
        bench.Sandbox.Write("shop.orders", 1000, startKey: 1000);
        bench.Sandbox.NodetoolOk("snapshot", "-t", "s1", "shop");

        // Live SSTables share the snapshot's inodes: only the files the snapshot wrote itself are its own.
        var before = Measure(bench);
        Assert.All(before.Files.Where(f => f.Name.Contains("-big-", StringComparison.Ordinal)), f => Assert.Equal(2, f.Links));
        Assert.Equal(["manifest.json", "schema.cql"], before.Files.Where(f => f.Links == 1).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before.Files.Where(f => f.Links == 1).Sum(f => f.Size), before.Snapshot.TrueSize);
        Assert.Equal((before.Files.Count, before.Files.Sum(f => f.Size)), (before.Snapshot.Files, before.Snapshot.SizeOnDisk));

        // Compaction deletes the live links, so every byte of the snapshot is now held by the snapshot alone.
        bench.Sandbox.NodetoolOk("compact", "shop", "orders");
        var after = Measure(bench);
        Assert.Equal(before.Files.Select(f => f.Name).Order(StringComparer.Ordinal), after.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(after.Files, f => Assert.Equal(1, f.Links));
        Assert.Equal(after.Files.Where(f => f.Links == 1).Sum(f => f.Size), after.Snapshot.TrueSize);
        Assert.Equal(after.Snapshot.SizeOnDisk, after.Snapshot.TrueSize);
        Assert.Equal(after.Snapshot.TrueSize, after.Report.FreedByClearingTag["s1"]);
    }

    private sealed record Measured(LocalSnapshotReport Report, LocalSnapshot Snapshot, IReadOnlyList<(string Name, long Size, int Links)> Files);

    /// <summary>The scanner's view of shop.orders in snapshot s1, beside stat(1)'s link count of each of its files.</summary>
    private static Measured Measure(BackupBench bench)
    {
        var report = LocalSnapshotScanner.Scan(bench.DataDirectories());
        var snapshot = Assert.Single(report.Snapshots, s => (s.Tag, s.Keyspace, s.Table) == ("s1", "shop", "orders"));
        var files = bench.SnapshotOnDisk("s1")
            .Where(f => f.Table == "orders")
            .Select(f => (f.RelativePath, f.Size, IndependentChecks.Stat(f.FullPath).Links))
            .ToList();
        return new Measured(report, snapshot, files);
    }
}

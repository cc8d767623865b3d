using Amphora.Core.Backup;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// A backup records each SSTable's time bounds from Statistics.db in the manifest (point-in-time restore filters on them),
/// checked against an independent reading of the snapshot's Statistics.db files and against the timestamps written.
/// </summary>
public sealed class TimeBoundsTests
{
    [Fact]
    public async Task Each_sstable_of_the_backup_carries_the_time_bounds_of_its_statistics()
    {
        using var bench = new BackupBench();
        var table = new TableCreation { Indexes = ["orders_by_value"] };
        bench.Sandbox.Write("shop.orders", 50, startKey: 0, timestampMicros: 1_000_000, creation: table);
        bench.Sandbox.NodetoolOk("flush", "shop");
        bench.Sandbox.Write("shop.orders", 50, startKey: 100, timestampMicros: 2_000_000);
        bench.Sandbox.NodetoolOk("flush", "shop");
        bench.Sandbox.Node().Write("shop.orders", new WriteOptions { Rows = 10, StartKey = 0, TimestampMicros = 3_000_000, Delete = true });
        bench.Sandbox.NodetoolOk("flush", "shop");

        await bench.BackupAsync(new BackupRequest { Tag = "bounds", Tables = "shop.orders", KeepSnapshot = true });
        var manifest = await bench.ManifestAsync("bounds");

        var orders = Assert.Single(manifest.Tables);
        var statistics = bench.SnapshotOnDisk("amphora-bounds").Where(f => f.RelativePath.EndsWith("-Statistics.db", StringComparison.Ordinal)).ToList();
        Assert.Equal(statistics.Select(f => f.RelativePath[..^"Statistics.db".Length]).Order(StringComparer.Ordinal), orders.SSTables.Select(s => s.Prefix));
        Assert.Contains(orders.SSTables, s => s.Prefix.StartsWith(".orders_by_value/", StringComparison.Ordinal));
        foreach (var file in statistics)
        {
            var expected = StatisticsReader.Read(file.FullPath);
            var bounds = orders.SSTables.Single(s => file.RelativePath.StartsWith(s.Prefix, StringComparison.Ordinal)).TimeBounds!;
            Assert.Equal(expected.MinTimestamp, bounds.MinTimestamp);
            Assert.Equal(expected.MaxTimestamp, bounds.MaxTimestamp);
            Assert.Equal(expected.MinLocalDeletionTime == (uint)int.MaxValue ? null : expected.MinLocalDeletionTime, bounds.MinLocalDeletionTime);
            Assert.Equal(expected.MaxLocalDeletionTime == (uint)int.MaxValue ? null : expected.MaxLocalDeletionTime, bounds.MaxLocalDeletionTime);
        }

        var data = orders.SSTables.Where(s => !s.Prefix.StartsWith('.')).Select(s => s.TimeBounds!).OrderBy(b => b.MinTimestamp).ToList();
        // Each flush writes one SSTable per data directory.
        Assert.Equal([(1_000_000L, 1_000_000L), (2_000_000L, 2_000_000L), (3_000_000L, 3_000_000L)], data.Select(b => (b.MinTimestamp, b.MaxTimestamp)).Distinct());
        Assert.Null(data[0].MaxLocalDeletionTime);
        Assert.NotNull(data[^1].MaxLocalDeletionTime);
        Assert.InRange(data[^1].MaxLocalDeletionTime!.Value, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }
}

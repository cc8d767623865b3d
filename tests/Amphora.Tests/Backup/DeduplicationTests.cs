using Amphora.Core.Backup;
using Amphora.Core.Repository;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>A location stores each content once, and a backup uploads (and reads) only what is new.</summary>
public sealed class DeduplicationTests
{
    [Fact]
    public async Task An_unchanged_node_is_backed_up_again_without_reading_or_uploading_any_sstable()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 2000);
        bench.Sandbox.Write("shop.customers", 500);
        await bench.BackupAsync("b1");
        var first = await bench.ManifestAsync("b1");

        var second = await bench.BackupAsync("b2");
        var secondManifest = await bench.ManifestAsync("b2");

        Assert.Equal(0, second.SSTableBytesRead);
        AssertOnlySnapshotMetadataIsNew(secondManifest, second, first);

        // With an empty hash cache every SSTable is read once to hash it, and still none is uploaded.
        var third = await bench.BackupAsync(new BackupRequest { Tag = "b3" }, cacheDirectory: bench.CacheDirectory("never-used"));
        var thirdManifest = await bench.ManifestAsync("b3");
        Assert.True(third.SSTableBytesRead > 0);
        Assert.Equal(thirdManifest.Files.Where(f => f.SSTable is not null).Sum(f => f.Size), third.SSTableBytesRead);
        AssertOnlySnapshotMetadataIsNew(thirdManifest, third, first, secondManifest);

        Assert.Equal(ManifestContent.Hashes(first, secondManifest, thirdManifest).Count, bench.ObjectKeys("content/").Count);
    }

    [Fact]
    public async Task After_a_compaction_exactly_the_content_no_earlier_backup_has_is_uploaded()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 2000);
        bench.Sandbox.Write("shop.customers", 500);
        await bench.BackupAsync("b1");
        await bench.BackupAsync("b2");
        var earlier = new[] { await bench.ManifestAsync("b1"), await bench.ManifestAsync("b2") };

        bench.ChangeOrders(startKey: 2000, rows: 500);
        var progress = new RecordingProgress();
        var result = await bench.BackupAsync(new BackupRequest { Tag = "b3" }, progress: progress);
        var manifest = await bench.ManifestAsync("b3");

        var newContent = ManifestContent.Hashes(manifest);
        newContent.ExceptWith(ManifestContent.Hashes(earlier));
        Assert.Equal(ManifestContent.Bytes(manifest, newContent), result.UploadedBytes);
        Assert.Equal(newContent.Count, result.UploadedFiles);
        Assert.Contains(ManifestContent.Entries(manifest), e => e.Table.Table == "orders" && e.File.SSTable?.Component == "Data.db" && newContent.Contains(e.File.Hash));
        bench.AssertContentIntact(manifest);

        // The untouched table's SSTables were neither new content nor uploaded.
        var customers = manifest.Tables.Single(t => t.Table == "customers").Files.Where(f => f.SSTable is not null).ToList();
        Assert.NotEmpty(customers);
        Assert.All(customers, f => Assert.DoesNotContain(f.Hash, newContent));
        var customerReports = progress.Files
            .Where(f => f.Path.Contains("/shop/customers-", StringComparison.Ordinal) && Path.GetFileName(f.Path).Contains("-big-", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(customers.Count, customerReports.Count);
        Assert.All(customerReports, f => Assert.False(f.Uploaded, $"{f.Path} was uploaded"));
    }

    [Fact]
    public async Task Content_shared_by_tables_and_by_nodes_is_stored_once()
    {
        using var bench = new BackupBench(nodes: 2);
        foreach (var node in new[] { "node1", "node2" })
        {
            bench.Sandbox.Write("shop.orders", 1000, node: node);
        }

        var first = await bench.BackupAsync("b1", "node1");
        var second = await bench.BackupAsync("b1", "node2");
        var manifests = new[] { await bench.ManifestAsync("b1", "node1"), await bench.ManifestAsync("b1", "node2") };

        // Sharing really happens: within one node's backup across tables, and across the two nodes.
        Assert.Contains(ManifestContent.Entries(manifests[0]).GroupBy(e => e.File.Hash), g => g.Select(e => e.Table.Table).Distinct().Count() > 1);
        var shared = ManifestContent.Hashes(manifests[0]);
        shared.IntersectWith(ManifestContent.Hashes(manifests[1]));
        Assert.NotEmpty(shared);

        var distinct = ManifestContent.Hashes(manifests);
        Assert.True(manifests.Sum(m => m.Files.Count()) > distinct.Count);
        Assert.Equal(distinct.Select(BackupBench.ContentKey).Order(StringComparer.Ordinal), bench.ObjectKeys("content/"));
        Assert.Equal(
            manifests.SelectMany(m => m.Files).DistinctBy(f => f.Hash).Sum(f => f.Size),
            bench.ObjectKeys("content/").Sum(k => new FileInfo(bench.ObjectPath(k)).Length));

        // The second node uploaded only what the first had not.
        var newForSecond = ManifestContent.Hashes(manifests[1]);
        newForSecond.ExceptWith(ManifestContent.Hashes(manifests[0]));
        Assert.Equal(ManifestContent.Bytes(manifests[1], newForSecond), second.UploadedBytes);
        Assert.Equal(ManifestContent.Bytes(manifests[0], ManifestContent.Hashes(manifests[0])), first.UploadedBytes);
        Assert.True(first.UploadedBytes < first.Bytes);
    }

    /// <summary>
    /// The content of <paramref name="manifest"/> that none of the earlier manifests has comes only from the files each
    /// snapshot writes anew (manifest.json, schema.cql), and it is exactly what the backup uploaded.
    /// </summary>
    private static void AssertOnlySnapshotMetadataIsNew(NodeManifest manifest, BackupResult result, params NodeManifest[] earlier)
    {
        var newContent = ManifestContent.Hashes(manifest);
        newContent.ExceptWith(ManifestContent.Hashes(earlier));
        Assert.All(manifest.Files.Where(f => newContent.Contains(f.Hash)), f => Assert.Null(f.SSTable));
        Assert.Equal(ManifestContent.Bytes(manifest, newContent), result.UploadedBytes);
        Assert.Equal(newContent.Count, result.UploadedFiles);
    }
}

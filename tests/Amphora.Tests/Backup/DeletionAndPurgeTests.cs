using Amphora.Storage;
using System.Security.Cryptography;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>backups delete and purge remove backups and exactly the content nothing kept references.</summary>
public sealed class DeletionAndPurgeTests
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    [Fact]
    public async Task Deleting_a_backup_removes_its_markers_manifest_and_only_the_content_no_other_backup_references()
    {
        using var bench = new BackupBench();
        await BackUpWithChangesAsync(bench, "b1", "b2");
        var (b1, b2) = (await bench.ManifestAsync("b1"), await bench.ManifestAsync("b2"));
        var onlyB1 = ManifestContent.Hashes(b1);
        onlyB1.ExceptWith(ManifestContent.Hashes(b2));
        Assert.NotEmpty(onlyB1);
        var expectedContent = onlyB1.Select(BackupBench.ContentKey).Order(StringComparer.Ordinal).ToList();

        var repository = await bench.RepositoryAsync();
        var part = Assert.Single((await new BackupCatalog(repository).FindAsync("b1", null, CancellationToken.None)).Nodes);
        var deletion = new BackupDeletion(repository, new LockOptions());
        var before = bench.ObjectKeys();

        var dryRun = await deletion.DeleteAsync([part], dryRun: true, CancellationToken.None);
        Assert.True(dryRun.DryRun);
        Assert.Equal(before, bench.ObjectKeys());
        AssertPlan(dryRun, ["b1"], expectedContent, ManifestContent.Bytes(b1, onlyB1));

        var plan = await deletion.DeleteAsync([part], dryRun: false, CancellationToken.None);
        Assert.False(plan.DryRun);
        AssertPlan(plan, ["b1"], expectedContent, ManifestContent.Bytes(b1, onlyB1));

        var b1Objects = before.Where(k => k.StartsWith("index/Sandbox%20Cluster/b1/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, b1Objects.Count); // started and complete markers
        b1Objects.Add($"backups/Sandbox%20Cluster/b1/{part.HostId:D}/manifest.json.gz");
        Assert.Equal(before.Except(bench.ObjectKeys()).Order(StringComparer.Ordinal), b1Objects.Concat(expectedContent).Order(StringComparer.Ordinal));
        Assert.Equal(ManifestContent.Hashes(b2).Select(BackupBench.ContentKey).Order(StringComparer.Ordinal), bench.ObjectKeys("content/"));
        bench.AssertContentIntact(b2);
        Assert.Equal(["b2"], (await new BackupCatalog(repository).ListAsync(CancellationToken.None)).Select(b => b.Tag));
    }

    [Fact]
    public async Task Purge_keeps_the_newest_backup_and_all_its_content_and_frees_what_only_the_expired_ones_referenced()
    {
        using var bench = new BackupBench();
        await BackUpWithChangesAsync(bench, "b1", "b2", "b3");
        var manifests = new[] { await bench.ManifestAsync("b1"), await bench.ManifestAsync("b2"), await bench.ManifestAsync("b3") };
        var expired = ManifestContent.Hashes(manifests[0], manifests[1]);
        expired.ExceptWith(ManifestContent.Hashes(manifests[2]));
        Assert.NotEmpty(expired);
        var repository = await bench.RepositoryAsync();
        var purge = new BackupDeletion(repository, new LockOptions());
        var policy = new RetentionPolicy(KeepLast: 1, null, OneDay);

        // The older backups and exactly the content only they referenced go at once, however young that content is;
        // every object of the newest stays.
        AssertPlan(
            await purge.PurgeAsync(policy, dryRun: false, CancellationToken.None),
            ["b1", "b2"],
            expired.Select(BackupBench.ContentKey).Order(StringComparer.Ordinal).ToList(),
            manifests.SelectMany(m => m.Files).Where(f => expired.Contains(f.Hash)).DistinctBy(f => f.Hash).Sum(f => f.Size));
        var listed = Assert.Single(await new BackupCatalog(repository).ListAsync(CancellationToken.None));
        Assert.Equal(("b3", true), (listed.Tag, listed.IsComplete));
        Assert.Equal(["b3"], bench.ObjectKeys("backups/").Select(k => k.Split('/')[2]));
        Assert.Equal(ManifestContent.Hashes(manifests[2]).Select(BackupBench.ContentKey).Order(StringComparer.Ordinal), bench.ObjectKeys("content/"));
        bench.AssertContentIntact(manifests[2]);
    }

    [Fact]
    public async Task Purge_removes_incomplete_backups_and_orphan_content_only_once_they_are_older_than_the_grace_period()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 200);
        await bench.BackupAsync("b1");
        var manifest = await bench.ManifestAsync("b1");
        var repository = await bench.RepositoryAsync();
        var crashed = BackupMarker.StartedKey(BackupBench.ClusterName, "crashed", bench.HostId(), DateTimeOffset.UtcNow.AddDays(-2));
        await repository.WriteMarkerAsync(crashed, new BackupMarkerBody
        {
            Cluster = BackupBench.ClusterName,
            Tag = "crashed",
            HostId = bench.HostId(),
            Datacenter = "dc1",
            Rack = "rack1",
            Hostname = "test",
            StartedAt = DateTimeOffset.UtcNow.AddDays(-2),
        }, CancellationToken.None);
        var oldBytes = "left by a backup that failed two days ago"u8.ToArray();
        var oldOrphan = await PutOrphanAsync(bench, oldBytes);
        File.SetLastWriteTimeUtc(bench.ObjectPath(oldOrphan), DateTime.UtcNow.AddDays(-2));
        var freshOrphan = await PutOrphanAsync(bench, "uploaded by a backup that failed a minute ago"u8.ToArray());
        var deletion = new BackupDeletion(repository, new LockOptions());

        var lenient = await deletion.PurgeAsync(new RetentionPolicy(KeepLast: 1, null, TimeSpan.FromDays(3)), dryRun: false, CancellationToken.None);
        AssertPlan(lenient, [], [], 0);
        Assert.Contains(crashed, bench.ObjectKeys("index/"));
        Assert.Equal(["b1", "crashed"], (await new BackupCatalog(repository).ListAsync(CancellationToken.None)).Select(b => b.Tag).Order(StringComparer.Ordinal));

        var strict = await deletion.PurgeAsync(new RetentionPolicy(KeepLast: 1, null, OneDay), dryRun: false, CancellationToken.None);
        AssertPlan(strict, ["crashed"], [oldOrphan], oldBytes.Length);
        Assert.DoesNotContain(crashed, bench.ObjectKeys("index/"));
        Assert.Equal(["b1"], (await new BackupCatalog(repository).ListAsync(CancellationToken.None)).Select(b => b.Tag));
        Assert.Equal(
            ManifestContent.Hashes(manifest).Select(BackupBench.ContentKey).Append(freshOrphan).Order(StringComparer.Ordinal),
            bench.ObjectKeys("content/"));
        bench.AssertContentIntact(manifest);
    }

    /// <summary>One backup per tag, with new orders flushed and compacted between them, so each holds content the others lack.</summary>
    private static async Task BackUpWithChangesAsync(BackupBench bench, params string[] tags)
    {
        bench.Sandbox.Write("shop.orders", 1000);
        bench.Sandbox.Write("shop.customers", 300);
        for (var i = 0; i < tags.Length; i++)
        {
            if (i > 0)
            {
                bench.ChangeOrders(startKey: 1000 + (i * 300));
            }

            await bench.BackupAsync(tags[i]);
        }
    }

    /// <summary>Stores bytes under their own content key, as a backup that died before writing its manifest leaves them.</summary>
    private static async Task<string> PutOrphanAsync(BackupBench bench, byte[] bytes)
    {
        var key = BackupBench.ContentKey(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        await bench.Store().PutAsync(key, UploadSource.FromBytes(bytes), CancellationToken.None);
        return key;
    }

    private static void AssertPlan(DeletionPlan plan, IReadOnlyList<string> tags, IReadOnlyList<string> contentKeys, long contentBytes)
    {
        Assert.Equal(tags, plan.NodeBackups.Select(p => p.Tag).Order(StringComparer.Ordinal));
        Assert.Equal(contentKeys, plan.ContentKeys.Order(StringComparer.Ordinal));
        Assert.Equal(contentBytes, plan.ContentBytes);
    }
}

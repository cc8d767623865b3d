using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Tests.Support;

namespace Amphora.Tests.Catalog;

/// <summary>
/// backups check against a real sandbox node's backups in a real local location, damaged by hand in the location's directory:
/// every problem is named with its backup, node, file and content key, and orphans go only when nothing can need them.
/// </summary>
public sealed class RepositoryCheckTests : IDisposable
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);
    private readonly BackupBench _bench = new();

    public void Dispose() => _bench.Dispose();

    [Fact]
    public async Task A_clean_repository_has_no_problems_and_every_content_object_is_hashed()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var progress = new RecordingCheckProgress();

        var report = await CheckAsync(progress: progress);

        Assert.Empty(report.Problems);
        Assert.False(report.HasProblems);
        Assert.Equal(2, report.NodeBackups);
        Assert.Empty(report.Incomplete);
        Assert.Empty(report.Orphans);
        var contentFiles = _bench.ObjectKeys("content/").Select(_bench.ObjectPath).ToList();
        var contentBytes = contentFiles.Sum(f => new FileInfo(f).Length);
        Assert.Equal(ManifestContent.Hashes(b1, b2).Count, contentFiles.Count);
        Assert.Equal((contentFiles.Count, contentBytes), (report.ContentObjects, report.ContentBytes));
        Assert.True(report.HashesVerified);
        Assert.Equal((contentFiles.Count, contentBytes), (report.HashedObjects, report.HashedBytes));
        Assert.Equal((contentFiles.Count, contentBytes), progress.Plan);
        Assert.Equal((contentFiles.Count, contentBytes), (progress.Objects, progress.Bytes));
    }

    [Fact]
    public async Task A_deleted_content_object_is_named_as_missing_for_every_backup_that_references_it()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var shared = SharedCustomersDataHash(b1, b2);
        File.Delete(_bench.ContentPath(shared));

        var report = await CheckAsync();

        var expected = Referencing(shared, b1, b2);
        Assert.Equal(["b1", "b2"], expected.Select(e => e.Tag).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(expected, Named(report, CheckProblemKind.MissingContent));
        Assert.Equal(expected.Count, report.Problems.Count);
        Assert.All(report.Problems, p =>
        {
            Assert.Contains($"backup {p.Tag} of node {_bench.HostId():D} (cluster '{BackupBench.ClusterName}')", p.Message, StringComparison.Ordinal);
            Assert.Contains($"{p.File} (", p.Message, StringComparison.Ordinal);
            Assert.Contains(BackupBench.ContentKey(shared), p.Message, StringComparison.Ordinal);
            Assert.StartsWith("shop.customers/", p.File, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_flipped_byte_is_a_wrong_hash_and_damages_every_file_that_references_it_but_no_hash_does_not_see_it()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var shared = SharedCustomersDataHash(b1, b2);
        var path = _bench.ContentPath(shared);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        var actual = IndependentChecks.Sha256Sums([path])[path];

        var report = await CheckAsync();

        var wrongHash = Assert.Single(report.Problems, p => p.Kind == CheckProblemKind.WrongHash);
        Assert.Equal(BackupBench.ContentKey(shared), wrongHash.ContentKey);
        Assert.Null(wrongHash.Tag);
        Assert.Contains($"wrong hash: {BackupBench.ContentKey(shared)} holds {bytes.Length} bytes whose SHA-256 is {actual}", wrongHash.Message, StringComparison.Ordinal);
        Assert.Equal(Referencing(shared, b1, b2), Named(report, CheckProblemKind.DamagedContent));
        Assert.Equal(1 + Referencing(shared, b1, b2).Count, report.Problems.Count);

        var quick = await CheckAsync(verifyHashes: false);
        Assert.Empty(quick.Problems);
        Assert.False(quick.HashesVerified);
        Assert.Equal((0L, 0L), (quick.HashedObjects, quick.HashedBytes));
    }

    [Fact]
    public async Task A_truncated_content_object_has_the_wrong_size_for_every_file_that_references_it_even_without_hashing()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var shared = SharedCustomersDataHash(b1, b2);
        var path = _bench.ContentPath(shared);
        var size = new FileInfo(path).Length;
        await using (var file = File.Open(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(size / 2);
        }

        foreach (var verifyHashes in new[] { true, false })
        {
            var report = await CheckAsync(verifyHashes);
            var expected = Referencing(shared, b1, b2);
            Assert.Equal(expected, Named(report, CheckProblemKind.WrongSize));
            Assert.All(report.Problems.Where(p => p.Kind == CheckProblemKind.WrongSize),
                p => Assert.Contains($"needs {BackupBench.ContentKey(shared)} of {size} bytes, which holds {size / 2} bytes", p.Message, StringComparison.Ordinal));
            Assert.Equal(verifyHashes ? 1 : 0, report.Problems.Count(p => p.Kind == CheckProblemKind.WrongHash && p.ContentKey == BackupBench.ContentKey(shared)));
            Assert.Equal(expected.Count + (verifyHashes ? 1 : 0), report.Problems.Count);
        }
    }

    [Fact]
    public async Task Orphans_are_listed_kept_by_the_check_and_deleted_only_when_older_than_the_grace_period()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var sources = UnreferencedNodeFiles(b1, b2);
        var old = PlantOrphan(sources[0], TimeSpan.FromDays(2));
        var young = PlantOrphan(sources[1], TimeSpan.FromHours(1));

        var report = await CheckAsync();

        Assert.Empty(report.Problems);
        Assert.Equal(new[] { old.Key, young.Key }.Order(StringComparer.Ordinal), report.Orphans.Select(o => o.Key));
        var (oldOrphan, youngOrphan) = (report.Orphans.Single(o => o.Key == old.Key), report.Orphans.Single(o => o.Key == young.Key));
        Assert.Equal((old.Size, false), (oldOrphan.Size, oldOrphan.WithinGrace));
        Assert.Equal((young.Size, true), (youngOrphan.Size, youngOrphan.WithinGrace));
        Assert.InRange(oldOrphan.Age, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(5));
        Assert.True(File.Exists(_bench.ObjectPath(old.Key)), "the check alone deleted an orphan");

        var deletion = await new RepositoryCheck(await _bench.RepositoryAsync()).DeleteOrphansAsync(OneDay, new LockOptions(), CancellationToken.None);

        Assert.Null(deletion.RefusedBecause);
        Assert.Equal([old.Key], deletion.Deleted.Select(o => o.Key));
        Assert.Equal(old.Size, deletion.DeletedBytes);
        Assert.Equal([young.Key], deletion.KeptWithinGrace.Select(o => o.Key));
        Assert.False(File.Exists(_bench.ObjectPath(old.Key)));
        Assert.True(File.Exists(_bench.ObjectPath(young.Key)));
        Assert.Equal(
            ManifestContent.Hashes(b1, b2).Select(BackupBench.ContentKey).Append(young.Key).Order(StringComparer.Ordinal),
            _bench.ObjectKeys("content/"));
        _bench.AssertContentIntact(b1);
        _bench.AssertContentIntact(b2);
        Assert.Empty(_bench.ObjectKeys("locks/"));

        var after = await CheckAsync();
        Assert.Empty(after.Problems);
        Assert.Equal([young.Key], after.Orphans.Select(o => o.Key));
    }

    [Fact]
    public async Task Deleting_orphans_is_refused_while_a_backup_holds_a_shared_lock()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var old = PlantOrphan(UnreferencedNodeFiles(b1, b2)[0], TimeSpan.FromDays(2));
        var check = new RepositoryCheck(await _bench.RepositoryAsync());

        await using (await RepositoryLock.AcquireAsync(_bench.Store(), LockKind.Shared, "backup", new LockOptions(), CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<RepositoryLockedException>(
                () => check.DeleteOrphansAsync(OneDay, new LockOptions { WaitUpTo = TimeSpan.Zero }, CancellationToken.None));
            Assert.Contains("cannot delete orphaned content", error.Message, StringComparison.Ordinal);
            Assert.Contains("backup on", error.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(_bench.ObjectPath(old.Key)));
        }

        var deletion = await check.DeleteOrphansAsync(OneDay, new LockOptions(), CancellationToken.None);
        Assert.Equal([old.Key], deletion.Deleted.Select(o => o.Key));
    }

    [Fact]
    public async Task An_unreadable_manifest_is_a_problem_and_no_orphan_is_deleted()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var old = PlantOrphan(UnreferencedNodeFiles(b1, b2)[0], TimeSpan.FromDays(2));
        var manifestKey = RepositoryKeys.Manifest(BackupBench.ClusterName, "b1", _bench.HostId());
        await File.WriteAllTextAsync(_bench.ObjectPath(manifestKey), "not gzip, not JSON");
        var contentBefore = _bench.ObjectKeys("content/");

        var report = await CheckAsync();

        var problem = Assert.Single(report.Problems);
        Assert.Equal((CheckProblemKind.UnreadableManifest, "b1", _bench.HostId()), (problem.Kind, problem.Tag, problem.HostId!.Value));
        Assert.Contains(manifestKey, problem.Message, StringComparison.Ordinal);
        Assert.True(report.OrphansMayBeReferenced);
        Assert.Contains(old.Key, report.Orphans.Select(o => o.Key));

        var deletion = await new RepositoryCheck(await _bench.RepositoryAsync()).DeleteOrphansAsync(OneDay, new LockOptions(), CancellationToken.None);

        Assert.NotNull(deletion.RefusedBecause);
        Assert.Contains(manifestKey, deletion.RefusedBecause, StringComparison.Ordinal);
        Assert.StartsWith("nothing was deleted", deletion.RefusedBecause, StringComparison.Ordinal);
        Assert.Empty(deletion.Deleted);
        Assert.Equal(contentBefore, _bench.ObjectKeys("content/"));
        _bench.AssertContentIntact(b1);
    }

    [Fact]
    public async Task A_complete_backup_without_its_manifest_is_a_problem_and_an_unfinished_one_is_only_incomplete()
    {
        var (_, _) = await TwoBackupsAsync();
        File.Delete(_bench.ObjectPath(RepositoryKeys.Manifest(BackupBench.ClusterName, "b2", _bench.HostId())));
        var repository = await _bench.RepositoryAsync();
        var startedAt = DateTimeOffset.UtcNow.AddHours(-3);
        await repository.WriteMarkerAsync(BackupMarker.StartedKey(BackupBench.ClusterName, "crashed", _bench.HostId(), startedAt), new BackupMarkerBody
        {
            Cluster = BackupBench.ClusterName,
            Tag = "crashed",
            HostId = _bench.HostId(),
            Datacenter = "dc1",
            Rack = "rack1",
            Hostname = "test",
            StartedAt = startedAt,
        }, CancellationToken.None);

        var report = await CheckAsync();

        var problem = Assert.Single(report.Problems);
        Assert.Equal((CheckProblemKind.MissingManifest, "b2"), (problem.Kind, problem.Tag));
        Assert.Contains("b2 of node", problem.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be restored", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, report.NodeBackups);
        Assert.Equal(["crashed"], report.Incomplete.Select(p => p.Tag));
    }

    [Fact]
    public async Task Objects_under_content_that_are_not_content_keys_are_named_and_never_deleted_as_orphans()
    {
        var (b1, b2) = await TwoBackupsAsync();
        var source = UnreferencedNodeFiles(b1, b2)[0];
        var hash = IndependentChecks.Sha256Sums([source])[source];
        var wrongDirectory = hash.StartsWith("00", StringComparison.Ordinal) ? "01" : "00";
        var misplaced = $"content/{wrongDirectory}/{hash}";
        var invalid = "content/ab/not-a-sha256";
        foreach (var key in new[] { misplaced, invalid })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_bench.ObjectPath(key))!);
            File.Copy(source, _bench.ObjectPath(key));
            File.SetLastWriteTimeUtc(_bench.ObjectPath(key), DateTime.UtcNow.AddDays(-5));
        }

        var report = await CheckAsync();

        Assert.Equal(
            [(CheckProblemKind.InvalidContentKey, invalid), (CheckProblemKind.MisplacedContent, misplaced)],
            report.Problems.Select(p => (p.Kind, p.ContentKey!)).OrderBy(p => p.Item1));
        Assert.Contains(BackupBench.ContentKey(hash), report.Problems.Single(p => p.Kind == CheckProblemKind.MisplacedContent).Message, StringComparison.Ordinal);
        Assert.Empty(report.Orphans);

        var deletion = await new RepositoryCheck(await _bench.RepositoryAsync()).DeleteOrphansAsync(OneDay, new LockOptions(), CancellationToken.None);
        Assert.Empty(deletion.Deleted);
        Assert.True(File.Exists(_bench.ObjectPath(misplaced)) && File.Exists(_bench.ObjectPath(invalid)));
    }

    /// <summary>Two backups with orders changed between them; customers stay the same, so their content is shared.</summary>
    private async Task<(NodeManifest B1, NodeManifest B2)> TwoBackupsAsync()
    {
        _bench.Sandbox.Write("shop.orders", 1000);
        _bench.Sandbox.Write("shop.customers", 300);
        await _bench.BackupAsync("b1");
        _bench.ChangeOrders(startKey: 1000);
        await _bench.BackupAsync("b2");
        return (await _bench.ManifestAsync("b1"), await _bench.ManifestAsync("b2"));
    }

    private async Task<CheckReport> CheckAsync(bool verifyHashes = true, ICheckProgress? progress = null) =>
        await new RepositoryCheck(await _bench.RepositoryAsync(), progress)
            .RunAsync(new CheckOptions { VerifyHashes = verifyHashes, Parallelism = 3, OrphanGrace = OneDay }, CancellationToken.None);

    /// <summary>The customers table's Data.db content, which both backups reference.</summary>
    private static string SharedCustomersDataHash(NodeManifest b1, NodeManifest b2)
    {
        var hash = ManifestContent.Entries(b1)
            .Where(e => e.Table.Table == "customers" && e.File.Path.EndsWith("-Data.db", StringComparison.Ordinal))
            .Select(e => e.File.Hash)
            .First(h => b2.Files.Any(f => f.Hash == h));
        return hash;
    }

    /// <summary>Every file of either backup whose content is the hash, as (tag, host, keyspace.table/path, content key).</summary>
    private static HashSet<(string Tag, Guid HostId, string File, string Key)> Referencing(string hash, params NodeManifest[] manifests) =>
        manifests.SelectMany(m => ManifestContent.Entries(m)
                .Where(e => e.File.Hash == hash)
                .Select(e => (m.Tag, m.Node.HostId, $"{e.Table.Keyspace}.{e.Table.Table}/{e.File.Path}", BackupBench.ContentKey(hash))))
            .ToHashSet();

    private static HashSet<(string Tag, Guid HostId, string File, string Key)> Named(CheckReport report, CheckProblemKind kind) =>
        report.Problems.Where(p => p.Kind == kind).Select(p => (p.Tag!, p.HostId!.Value, p.File!, p.ContentKey!)).ToHashSet();

    /// <summary>Files of a new SSTable on the node, which no backup holds, one per distinct content.</summary>
    private List<string> UnreferencedNodeFiles(params NodeManifest[] manifests)
    {
        _bench.Sandbox.Write("shop.orders", 100, startKey: 50_000);
        _bench.Sandbox.NodetoolOk("flush", "shop");
        var files = _bench.Sandbox.TableDirectories("shop.orders").SelectMany(d => Directory.EnumerateFiles(d)).ToList();
        var sums = IndependentChecks.Sha256Sums(files);
        var referenced = ManifestContent.Hashes(manifests);
        var unreferenced = files.Where(f => !referenced.Contains(sums[f])).DistinctBy(f => sums[f]).ToList();
        Assert.True(unreferenced.Count >= 2, "the flush wrote too few new files");
        return unreferenced;
    }

    /// <summary>Copies a file into the location under its own content key, as a failed backup leaves it, aged as given.</summary>
    private (string Key, long Size) PlantOrphan(string source, TimeSpan age)
    {
        var key = BackupBench.ContentKey(IndependentChecks.Sha256Sums([source])[source]);
        Directory.CreateDirectory(Path.GetDirectoryName(_bench.ObjectPath(key))!);
        File.Copy(source, _bench.ObjectPath(key));
        File.SetLastWriteTimeUtc(_bench.ObjectPath(key), DateTime.UtcNow - age);
        return (key, new FileInfo(source).Length);
    }
}

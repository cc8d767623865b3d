using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Core.SSTables.Verification;
using Amphora.Core.Verification;
using Amphora.Sandbox;
using NodeManifest = Amphora.Core.Repository.NodeManifest;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Verification;

/// <summary>
/// <c>amphora verify</c>'s engine on real backups of a sandbox node in a real local location: a sound backup passes every
/// level; a missing, truncated or altered object, or a damaged SSTable, is found at the level that can see it and named
/// by node, table, file and check; a full check with SSTables reads every object exactly once.
/// </summary>
public sealed class BackupVerifierTests : IDisposable
{
    private static readonly VerifyOptions Quick = new();
    private static readonly VerifyOptions Full = new() { Full = true };
    private static readonly VerifyOptions SSTablesOnly = new() { SSTables = true };
    private static readonly VerifyOptions Everything = new() { Full = true, SSTables = true };

    private readonly BackupBench _bench = new();

    public BackupVerifierTests()
    {
        _bench.Sandbox.Write("shop.orders", 300, valueSize: 200, creation: new TableCreation { Indexes = ["orders_by_value"] });
        _bench.Sandbox.Write("shop.plain", 100, creation: new TableCreation { Storage = TableStorageOptions.Uncompressed });
        _bench.Sandbox.NodetoolOk("flush");
    }

    public void Dispose() => _bench.Dispose();

    [Fact]
    public async Task A_sound_backup_passes_every_level_and_a_full_check_with_sstables_reads_each_object_once()
    {
        await _bench.BackupAsync("sound");
        var manifest = await _bench.ManifestAsync("sound");
        var counting = new ReadCountingObjectStore(_bench.Store());

        foreach (var options in new[] { Quick, Full, SSTablesOnly })
        {
            var report = await VerifyAsync("sound", options);
            Assert.True(report.IsValid, string.Join("\n", Problems(report)));
        }

        var everything = await VerifyAsync("sound", Everything, counting);

        Assert.True(everything.IsValid, string.Join("\n", Problems(everything)));
        var sstables = everything.Nodes.Single().Tables.Where(t => t.Keyspace == "shop").SelectMany(t => t.SSTables).ToList();
        Assert.Equal(manifest.Tables.Where(t => t.Keyspace == "shop").Sum(t => t.SSTables.Count), sstables.Count);
        Assert.Contains(sstables, s => s.Prefix.StartsWith(".orders_by_value/", StringComparison.Ordinal));
        Assert.Contains(sstables, s => s.Details.CrcSliceSize is not null);
        // Each SSTable check reads its own TOC, digest, Statistics, CompressionInfo/CRC and Data; deduplicated content shared by
        // several SSTables (identical TOCs) is read by each. Nothing else is read twice: the hash pass skips what they read.
        string[] readBySSTableChecks = ["TOC.txt", "Digest.crc32", "Statistics.db", "CompressionInfo.db", "CRC.db", "Data.db"];
        foreach (var content in manifest.Files.GroupBy(f => f.Hash))
        {
            var reads = Math.Max(1, content.Count(f => readBySSTableChecks.Contains(f.SSTable?.Component)));
            Assert.Equal(content.First().Size * reads, counting.BytesRead.GetValueOrDefault(BackupBench.ContentKey(content.Key)));
        }
    }

    [Fact]
    public async Task A_missing_object_is_named_by_table_and_file_at_every_level()
    {
        await _bench.BackupAsync("missing");
        var (table, file) = ShopFile(await _bench.ManifestAsync("missing"), "Index.db");
        File.Delete(_bench.ContentPath(file.Hash));

        foreach (var options in new[] { Quick, Everything })
        {
            var problem = Assert.Single(Problems(await VerifyAsync("missing", options)), p => p.Check == VerificationProblem.Missing);
            Assert.Equal((table.Keyspace, table.Table, file.Path), (problem.Keyspace, problem.Table, problem.File));
            Assert.Contains(BackupBench.ContentKey(file.Hash), problem.Message, StringComparison.Ordinal);
        }

        // The SSTable checks see the component gone as well.
        var sstableProblems = (await VerifyAsync("missing", SSTablesOnly)).Nodes.Single().Tables.SelectMany(t => t.SSTables).SelectMany(s => s.Problems);
        Assert.Contains(sstableProblems, p => p.Check == SSTableChecks.ComponentMissing && p.Component == file.Path);
    }

    [Fact]
    public async Task A_truncated_object_fails_the_quick_check()
    {
        await _bench.BackupAsync("short");
        var (_, file) = ShopFile(await _bench.ManifestAsync("short"), "Data.db");
        var path = _bench.ContentPath(file.Hash);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^1]);

        var problem = Assert.Single(Problems(await VerifyAsync("short", Quick)));

        Assert.Equal((VerificationProblem.Size, file.Path), (problem.Check, problem.File));
    }

    [Fact]
    public async Task A_flipped_bit_in_data_passes_the_quick_check_and_is_found_by_the_full_and_sstable_checks()
    {
        await _bench.BackupAsync("flipped");
        var (_, file) = ShopFile(await _bench.ManifestAsync("flipped"), "Data.db");
        var path = _bench.ContentPath(file.Hash);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        Assert.True((await VerifyAsync("flipped", Quick)).IsValid);
        var full = Assert.Single(Problems(await VerifyAsync("flipped", Full)));
        Assert.Equal((VerificationProblem.ContentHash, file.Path), (full.Check, full.File));

        var everything = await VerifyAsync("flipped", Everything);
        Assert.Contains(Problems(everything), p => p.Check == VerificationProblem.ContentHash && p.File == file.Path);
        var sstable = Assert.Single(everything.Nodes.Single().Tables.SelectMany(t => t.SSTables), s => !s.IsValid);
        Assert.Equal(file.Path[..^"Data.db".Length], sstable.Prefix);
        Assert.Contains(sstable.Problems, p => p.Check == SSTableChecks.Digest && p.Component == file.Path);
        Assert.Contains(sstable.Problems, p => p.Check is SSTableChecks.ChunkChecksum or SSTableChecks.Crc && p.Component == file.Path);
    }

    [Fact]
    public async Task Only_the_named_node_is_verified()
    {
        await _bench.BackupAsync("one-node");

        var report = await VerifyAsync("one-node", Quick with { HostId = _bench.HostId() });

        Assert.Equal(_bench.HostId(), Assert.Single(report.Nodes).HostId);
        await Assert.ThrowsAsync<ArgumentException>(() => VerifyAsync("one-node", Quick with { HostId = Guid.NewGuid() }));
    }

    [Fact]
    public async Task A_node_part_that_never_finished_is_reported_incomplete()
    {
        await _bench.BackupAsync("unfinished");
        var repository = await _bench.RepositoryAsync();
        var part = (await repository.ListNodeBackupsAsync(CancellationToken.None)).Single();
        await repository.Store.DeleteAsync(RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId), CancellationToken.None);

        var report = await VerifyAsync("unfinished", Quick);

        var problem = Assert.Single(report.Nodes.Single().Problems);
        Assert.Equal(VerificationProblem.Incomplete, problem.Check);
        Assert.False(report.IsValid);
    }

    private async Task<BackupVerificationReport> VerifyAsync(string tag, VerifyOptions options, ReadCountingObjectStore? store = null)
    {
        var repository = await BackupRepository.OpenAsync(store ?? _bench.Store(), create: false, CancellationToken.None);
        var backup = await new BackupCatalog(repository).FindAsync(tag, null, CancellationToken.None);
        return await new BackupVerifier(repository, _ => { }).VerifyAsync(backup, options, CancellationToken.None);
    }

    private static (TableEntry Table, FileEntry File) ShopFile(NodeManifest manifest, string component) =>
        ManifestContent.Entries(manifest).First(e => e.Table.Keyspace == "shop" && e.Table.Table == "orders" && e.File.SSTable?.Component == component);

    private static List<(string Keyspace, string Table, string File, string Check, string Message)> Problems(BackupVerificationReport report) =>
        [.. report.Nodes.SelectMany(n => n.Tables.SelectMany(t => t.Problems.Select(p => (t.Keyspace, t.Table, p.File, p.Check, p.Message))))];
}

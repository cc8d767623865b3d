using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Verification;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// SSTables written by real Cassandra 2.1 to 5.0 nodes (shared/fixtures/sstables), placed in an existing snapshot of a
/// sandbox node, are backed up byte for byte and each file is recognised as the component it is.
/// </summary>
public sealed class FixtureBackupTests
{
    private static readonly string[] Compressed = ["CompressionInfo.db", "Data.db", "Digest.crc32", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"];
    private static readonly string[] CompressedKa = ["CompressionInfo.db", "Data.db", "Digest.sha1", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"];

    /// <summary>What each fixture set is, written down from its file names and PROVENANCE.md, not from the parser under test.</summary>
    private static readonly Dictionary<string, FixtureSet> Sets = new(StringComparer.Ordinal)
    {
        ["ka/keyspace1/auditlogsbyid"] = new("keyspace1-auditlogsbyid-ka-1-", "ka", "1", CompressedKa),
        ["ka/keyspace1/compressed_bills-03c5a7b0643c11e7936273d8df3aeac7"] = new("casspactor2-compressed_bills-ka-1-", "ka", "1", CompressedKa),
        ["mc/keyspace1/compressed_bills"] = new("mc-2-big-", "mc", "2", Compressed),
        ["md-compressed/SSTableLoaderTest/Standard1"] = new("md-1-big-", "md", "1", Compressed),
        ["md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c"] =
            new("md-1-big-", "md", "1", ["CRC.db", "Data.db", "Digest.crc32", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"]),
        ["nb/input-four"] = new("nb-1-big-", "nb", "1", Compressed),
        ["oa/input-five"] = new("oa-2-big-", "oa", "2", Compressed),
    };

    [Fact]
    public async Task Every_fixture_sstable_is_backed_up_byte_for_byte_as_the_component_it_is()
    {
        var root = RepositoryPaths.SSTableFixtures;
        var leaves = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
            .Where(d => Directory.EnumerateFiles(d).Any())
            .Select(d => Path.GetRelativePath(root, d))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Sets.Keys.Order(StringComparer.Ordinal), leaves);

        using var bench = new BackupBench();
        bench.Sandbox.Write("fx.seed", 1); // makes keyspace fx part of the node's live schema
        var tableDirectories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in leaves)
        {
            var table = set.Replace('/', '_').Replace('-', '_');
            var tableDirectory = Path.Combine(bench.DataDirectories()[0], "fx", $"{table}-{Guid.NewGuid():N}");
            var snapshot = Directory.CreateDirectory(Path.Combine(tableDirectory, "snapshots", "fixtures")).FullName;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, set)))
            {
                File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
            }

            tableDirectories[set] = tableDirectory;
        }

        var result = await bench.BackupAsync(new BackupRequest { Tag = "fx", ExistingSnapshot = "fixtures", Tables = "fx.*" });
        var manifest = await bench.ManifestAsync("fx");

        Assert.Equal("fixtures", result.SnapshotName);
        Assert.Equal(leaves.Count, manifest.Tables.Count); // fx.seed has no snapshot "fixtures"
        var fixtureFiles = leaves.SelectMany(set => Directory.EnumerateFiles(Path.Combine(root, set)).Select(f => (Set: set, Path: f))).ToList();
        var sums = IndependentChecks.Sha256Sums(fixtureFiles.Select(f => f.Path));
        foreach (var set in leaves)
        {
            var expected = Sets[set];
            var tableDirectoryName = Path.GetFileName(tableDirectories[set]);
            var table = Assert.Single(manifest.Tables, t => $"{t.Table}-{t.TableId}" == tableDirectoryName);
            Assert.Equal("fx", table.Keyspace);
            Assert.Equal(expected.Components.Select(c => expected.Prefix + c), table.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
            foreach (var (_, path) in fixtureFiles.Where(f => f.Set == set))
            {
                var name = Path.GetFileName(path);
                var entry = Assert.Single(table.Files, f => f.Path == name);
                Assert.NotNull(entry.SSTable);
                Assert.Equal(
                    (expected.Version, expected.Id, "big", name[expected.Prefix.Length..]),
                    (entry.SSTable.Version, entry.SSTable.Id, entry.SSTable.Format, entry.SSTable.Component));
                Assert.Equal((new FileInfo(path).Length, sums[path]), (entry.Size, entry.Hash));
            }

            // Every real Statistics.db yields time bounds: one SSTable per set, with its prefix and a sane range.
            var sstable = Assert.Single(table.SSTables);
            Assert.Equal((expected.Prefix, expected.Version, expected.Id), (sstable.Prefix, sstable.Version, sstable.Id));
            Assert.NotNull(sstable.TimeBounds);
            Assert.True(sstable.TimeBounds.MinTimestamp <= sstable.TimeBounds.MaxTimestamp, set);
        }

        bench.AssertContentIntact(manifest);

        // The backup copy of every real SSTable passes the offline checks.
        var repository = await bench.RepositoryAsync();
        var backup = await new BackupCatalog(repository).FindAsync("fx", null, CancellationToken.None);
        var report = await new BackupVerifier(repository, _ => { }).VerifyAsync(backup, new VerifyOptions { Full = true, SSTables = true }, CancellationToken.None);
        Assert.True(report.IsValid, $"{report.ProblemCount} problem(s)");
        Assert.Equal(leaves.Count, report.Nodes.Single().Tables.Sum(t => t.SSTables.Count));

        // The existing snapshot is the operator's: it stays as it was.
        var left = IndependentChecks.Sha256Sums(bench.SnapshotOnDisk("fixtures").Select(f => f.FullPath));
        Assert.Equal(fixtureFiles.Count, left.Count);
        Assert.Equal(sums.Values.Order(StringComparer.Ordinal), left.Values.Order(StringComparer.Ordinal));
    }

    private sealed record FixtureSet(string Prefix, string Version, string Id, string[] Components);
}

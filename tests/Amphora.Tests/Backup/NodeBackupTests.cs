using System.Text.RegularExpressions;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>One node's backup end to end: the sandbox's real nodetool and data directories, a local-disk location.</summary>
public sealed partial class NodeBackupTests
{
    [Fact]
    public async Task A_backup_holds_every_file_of_the_snapshot_in_both_data_directories_byte_for_byte()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 2000, creation: new() { Indexes = ["orders_value_idx"] });
        bench.Sandbox.Write("shop.customers", 300);

        var result = await bench.BackupAsync(new BackupRequest { Tag = "b1", KeepSnapshot = true });
        var manifest = await bench.ManifestAsync("b1");
        var onDisk = bench.SnapshotOnDisk("amphora-b1");

        // The snapshot spans both data directories and holds index files in a subdirectory.
        Assert.Equal([0, 1], onDisk.Select(f => f.DataDirectory).Distinct().Order());
        Assert.Contains(onDisk, f => f.RelativePath.StartsWith(".orders_value_idx/nb-", StringComparison.Ordinal) && f.RelativePath.EndsWith("-Data.db", StringComparison.Ordinal));

        var sums = IndependentChecks.Sha256Sums(onDisk.Select(f => f.FullPath));
        // One line per file: data directory, path under it, size, SHA-256; from the disk and from the manifest.
        Assert.Equal(
            onDisk.Select(f => $"{f.DataDirectory} {f.Keyspace}/{f.Table}-{f.TableId}/{f.RelativePath} {f.Size} {sums[f.FullPath]}")
                .Order(StringComparer.Ordinal).ToList(),
            ManifestContent.Entries(manifest).Select(e => $"{e.File.DataDirectory} {e.Table.Keyspace}/{e.Table.Table}-{e.Table.TableId}/{e.File.Path} {e.File.Size} {e.File.Hash}")
                .Order(StringComparer.Ordinal).ToList());
        bench.AssertContentIntact(manifest);
        Assert.Equal((onDisk.Count, onDisk.Sum(f => f.Size)), (result.Files, result.Bytes));
        Assert.Equal(manifest.Tables.Count, result.Tables);
        Assert.Contains("amphora-b1", bench.Sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);

        // SSTable components sit where Cassandra's loader expects them; everything else is the snapshot's manifest or schema.
        var dataDirectories = bench.DataDirectories();
        foreach (var (table, file) in ManifestContent.Entries(manifest))
        {
            var path = $"{dataDirectories[file.DataDirectory]}/{table.Keyspace}/{table.Table}-{table.TableId}/snapshots/{manifest.SnapshotName}/{file.Path}";
            if (file.SSTable is null)
            {
                Assert.True(file.Path is "manifest.json" or "schema.cql", $"{file.Path} is neither an SSTable component nor the snapshot's manifest or schema");
                continue;
            }

            var match = SSTableDirPattern().Match(path);
            Assert.True(match.Success, $"{path} does not match SSTABLE_DIR_PATTERN");
            Assert.Equal(
                (table.Keyspace, table.Table, table.TableId, "amphora-b1", Path.GetFileName(file.Path)),
                (match.Groups["keyspace"].Value, match.Groups["tableName"].Value, match.Groups["tableId"].Value, match.Groups["tag"].Value,
                    $"{match.Groups["component"].Value}.{match.Groups["ext"].Value}"));
            Assert.Equal(file.Path.StartsWith(".orders_value_idx/", StringComparison.Ordinal) ? "orders_value_idx" : string.Empty, match.Groups["indexName"].Value);
            Assert.Equal(Path.GetFileName(file.Path), $"{file.SSTable.Version}-{file.SSTable.Id}-{file.SSTable.Format}-{file.SSTable.Component}");
        }
    }

    [Fact]
    public async Task The_manifest_records_the_node_its_tables_and_schema_as_the_node_reports_them()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 500);
        var result = await bench.BackupAsync(new BackupRequest { Tag = "b1", KeepSnapshot = true });
        var manifest = await bench.ManifestAsync("b1");

        var info = Fields(bench.Sandbox.NodetoolOk("info", "-T"));
        Assert.Equal(Guid.Parse(info["ID"].Single()), manifest.Node.HostId);
        Assert.Equal(info["Data Center"].Single(), manifest.Node.Datacenter);
        Assert.Equal(info["Rack"].Single(), manifest.Node.Rack);
        Assert.Equal(16, info["Token"].Count());
        Assert.Equal(info["Token"], manifest.Node.Tokens);
        Assert.Equal(Fields(bench.Sandbox.NodetoolOk("describecluster"))["Name"].Single(), manifest.Node.Cluster);
        Assert.Equal("Sandbox Cluster", manifest.Node.Cluster);
        Assert.Equal(Fields(bench.Sandbox.NodetoolOk("version"))["ReleaseVersion"].Single(), manifest.Node.CassandraVersion);
        Assert.Equal("4.1.7", manifest.Node.CassandraVersion);
        Assert.Equal(bench.DataDirectories(), manifest.Node.DataDirectories);
        Assert.Equal(("b1", "snapshot", "amphora-b1"), (manifest.Tag, manifest.Kind, manifest.SnapshotName));

        // Table ids are the suffixes of the directories the files came from.
        foreach (var (table, file) in ManifestContent.Entries(manifest))
        {
            Assert.Matches("^[0-9a-f]{32}$", table.TableId);
            Assert.True(Directory.Exists(Path.Combine(bench.DataDirectories()[file.DataDirectory], table.Keyspace, $"{table.Table}-{table.TableId}")));
        }

        var orders = manifest.Tables.Single(t => t.Keyspace == "shop" && t.Table == "orders");
        Assert.Equal(Path.GetFileName(bench.Sandbox.TableDirectories("shop.orders")[0])[^32..], orders.TableId);
        Assert.Contains("CREATE TABLE", orders.Schema, StringComparison.Ordinal);
        var schemaFile = bench.SnapshotOnDisk("amphora-b1").Single(f => f.Table == "orders" && f.RelativePath == "schema.cql");
        Assert.Equal(File.ReadAllText(schemaFile.FullPath), orders.Schema);
        Assert.All(manifest.Tables.Where(t => t.Keyspace.StartsWith("system", StringComparison.Ordinal)), t => Assert.Null(t.Schema));

        var listed = Assert.Single(await new BackupCatalog(await bench.RepositoryAsync()).ListAsync(CancellationToken.None));
        Assert.True(listed.IsComplete);
        Assert.Equal(("Sandbox Cluster", "b1", manifest.Node.HostId), (listed.Cluster, listed.Tag, Assert.Single(listed.Nodes).HostId));
        Assert.Equal((manifest.Files.Count(), manifest.Files.Sum(f => f.Size)), (listed.Files, listed.Bytes));
        Assert.Equal((result.Files, result.Bytes, result.UploadedBytes), (listed.Files, listed.Bytes, listed.NewBytes));
    }

    [Fact]
    public async Task Without_keep_snapshot_the_snapshot_the_backup_read_is_gone_afterwards()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 500);
        var progress = new RecordingProgress();

        var result = await bench.BackupAsync(new BackupRequest { Tag = "b1" }, progress: progress);

        Assert.Null(result.SnapshotWarning);
        Assert.Equal(result.Files, progress.Files.Count);
        Assert.All(progress.Files, f => Assert.Contains("/snapshots/amphora-b1/", f.Path, StringComparison.Ordinal));
        Assert.All(progress.Files, f => Assert.False(File.Exists(f.Path), $"{f.Path} is still there"));
        Assert.Contains("There are no snapshots", bench.Sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
        Assert.Empty(bench.AllSnapshotDirectories());
    }

    [Fact]
    public async Task By_default_schema_and_replicated_system_tables_are_taken_but_node_local_ones_are_not()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 100);
        await bench.BackupAsync("b1");
        var manifest = await bench.ManifestAsync("b1");

        Assert.Equal(["shop", "system_auth", "system_distributed", "system_schema"], manifest.Tables.Select(t => t.Keyspace).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(manifest.Tables, t => t.Keyspace is "system" or "system_traces");
        var schemaTablesOnDisk = Directory.EnumerateDirectories(Path.Combine(bench.DataDirectories()[0], "system_schema"))
            .Select(d => Path.GetFileName(d)[..^33]).Order(StringComparer.Ordinal);
        Assert.Equal(schemaTablesOnDisk, manifest.Tables.Where(t => t.Keyspace == "system_schema").Select(t => t.Table).Order(StringComparer.Ordinal));
        Assert.Contains(ManifestContent.Entries(manifest), e => e.Table.Keyspace == "system_schema" && e.File.SSTable?.Component == "Data.db");
    }

    [Theory]
    [InlineData("system.local", "system.local")]
    [InlineData("shop.*,!shop.audit", "shop.orders")]
    public async Task A_table_filter_takes_exactly_the_tables_it_selects(string filter, string expected)
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 100);
        bench.Sandbox.Write("shop.audit", 100);

        await bench.BackupAsync(new BackupRequest { Tag = "b1", Tables = filter });
        var manifest = await bench.ManifestAsync("b1");

        var table = Assert.Single(manifest.Tables);
        Assert.Equal(expected, $"{table.Keyspace}.{table.Table}");
        Assert.Contains(table.Files, f => f.SSTable?.Component == "Data.db");
    }

    /// <summary>"key : value" lines of nodetool output, trimmed; a key may repeat (info -T prints one Token line per token).</summary>
    private static ILookup<string, string> Fields(string output) =>
        output.Split('\n')
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToLookup(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.Ordinal);

    // cassandra-on-disk.md section 1: Descriptor.SSTABLE_DIR_PATTERN of Cassandra 5.0, verbatim.
    [GeneratedRegex(@".*/(?<keyspace>\w+)/(?<tableName>\w+)-(?<tableId>[0-9a-f]{32})/(backups/|snapshots/(?<tag>[\w-]+)/)?(\.(?<indexName>[\w-]+)/)?(?<component>[\w-\+]+)\.(?<ext>[\w]+)$")]
    private static partial Regex SSTableDirPattern();
}

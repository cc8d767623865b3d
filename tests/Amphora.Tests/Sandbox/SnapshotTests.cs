using System.Text.Json;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>Snapshots, incremental backups and auto-snapshots laid out exactly as Cassandra lays them out.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Snapshot_flushes_then_hard_links_every_component_in_every_data_directory()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("shop.orders", 400);
        sandbox.NodetoolOk("snapshot", "-t", "before-upgrade", "shop");

        var live = sandbox.LiveDataFiles("shop.orders");
        Assert.Equal(2, live.Count); // the snapshot flushed the memtable first
        foreach (var tableDirectory in sandbox.TableDirectories("shop.orders"))
        {
            var snapshot = Path.Combine(tableDirectory, "snapshots", "before-upgrade");
            var liveFiles = Directory.EnumerateFiles(tableDirectory).ToList();
            Assert.NotEmpty(liveFiles);
            foreach (var liveFile in liveFiles)
            {
                var linked = Path.Combine(snapshot, Path.GetFileName(liveFile));
                var (links, inode) = IndependentChecks.Stat(liveFile);
                Assert.Equal(2, links);
                Assert.Equal(inode, IndependentChecks.Stat(linked).Inode);
            }
        }
    }

    [Fact]
    public void Manifest_and_schema_go_into_the_first_data_directory_only_in_41_format()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("shop.orders", 400, creation: new() { Indexes = ["orders_value_idx"] });
        sandbox.NodetoolOk("snapshot", "-t", "t1", "shop");
        var directories = sandbox.TableDirectories("shop.orders");
        var first = directories.Single(d => d.StartsWith(sandbox.Config().DataDirectories[0], StringComparison.Ordinal));
        var second = directories.Single(d => d != first);

        var manifestText = File.ReadAllText(Path.Combine(first, "snapshots", "t1", "manifest.json"));
        Assert.Matches(@"^\{""files"":\[.*\],""created_at"":\d{10}\.\d{3}000000,""expires_at"":null\}$", manifestText);
        var files = JsonDocument.Parse(manifestText).RootElement.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(files, f => f.StartsWith(".orders_value_idx/nb-", StringComparison.Ordinal) && f.EndsWith("-big-Data.db", StringComparison.Ordinal));
        Assert.All(files, f => Assert.EndsWith("-Data.db", f, StringComparison.Ordinal));
        Assert.Equal(sandbox.LiveDataFiles("shop.orders").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            files.Where(f => !f.StartsWith('.')).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(second, "snapshots", "t1", "manifest.json")));

        var schema = File.ReadAllText(Path.Combine(first, "snapshots", "t1", "schema.cql"));
        var tableId = Path.GetFileName(first)[^32..];
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS shop.orders (\n    id bigint PRIMARY KEY,\n    value text\n) WITH ID = ", schema, StringComparison.Ordinal);
        Assert.Contains(Guid.ParseExact(tableId, "N").ToString("D"), schema, StringComparison.Ordinal);
        Assert.Contains("    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}\n", schema, StringComparison.Ordinal);
        Assert.EndsWith("    AND speculative_retry = '99p';\nCREATE INDEX IF NOT EXISTS orders_value_idx ON shop.orders (value);\n", schema, StringComparison.Ordinal);

        // Index SSTables are linked under snapshots/<tag>/.<index>/.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(first, "snapshots", "t1", ".orders_value_idx"), "*-Data.db")
            .Concat(Directory.Exists(Path.Combine(second, "snapshots", "t1", ".orders_value_idx"))
                ? Directory.EnumerateFiles(Path.Combine(second, "snapshots", "t1", ".orders_value_idx"), "*-Data.db")
                : []));
    }

    [Fact]
    public void Cassandra_50_manifests_are_pretty_printed_with_iso_times_and_ephemeral()
    {
        using var sandbox = new SandboxHarness(SSTableFormat.Oa, dataDirectories: 1);
        sandbox.Write("ks.t", 10);
        sandbox.NodetoolOk("snapshot", "-t", "t1", "ks");
        var manifest = File.ReadAllText(Path.Combine(Assert.Single(sandbox.TableDirectories("ks.t")), "snapshots", "t1", "manifest.json"));
        Assert.Matches(@"^\{\n  ""files"" : \[ ""oa-1-big-Data.db"" \],\n  ""created_at"" : ""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"",\n  ""expires_at"" : null,\n  ""ephemeral"" : false\n\}$", manifest);
    }

    [Fact]
    public void Empty_tables_and_system_tables_get_a_manifest_but_system_tables_no_schema()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 1);
        sandbox.NodetoolOk("snapshot", "-t", "all");
        var data = sandbox.Config().DataDirectories[0];
        var peers = Directory.EnumerateDirectories(Path.Combine(data, "system"), "peers_v2-*").Single();
        Assert.Equal("""{"files":[],""", File.ReadAllText(Path.Combine(peers, "snapshots", "all", "manifest.json"))[..12]);
        Assert.False(File.Exists(Path.Combine(peers, "snapshots", "all", "schema.cql")));
        Assert.True(File.Exists(Path.Combine(Assert.Single(sandbox.TableDirectories("ks.t")), "snapshots", "all", "schema.cql")));
    }

    [Fact]
    public void Skip_flush_snapshots_only_what_is_already_on_disk()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 10);
        sandbox.NodetoolOk("snapshot", "-sf", "-t", "noflush", "ks");
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(table, "snapshots", "noflush"), "*-Data.db"));
        Assert.Empty(sandbox.LiveDataFiles("ks.t"));
    }

    [Fact]
    public void Clearsnapshot_removes_the_links_and_leaves_live_data()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 10);
        sandbox.NodetoolOk("snapshot", "-t", "a", "ks");
        sandbox.NodetoolOk("snapshot", "-t", "b", "ks");
        sandbox.NodetoolOk("clearsnapshot", "-t", "a");
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        Assert.False(Directory.Exists(Path.Combine(table, "snapshots", "a")));
        Assert.True(Directory.Exists(Path.Combine(table, "snapshots", "b")));
        var live = Assert.Single(sandbox.LiveDataFiles("ks.t"));
        Assert.Equal(2, IndependentChecks.Stat(live).Links);
        sandbox.NodetoolOk("clearsnapshot", "--all");
        Assert.Equal(1, IndependentChecks.Stat(live).Links);
    }

    [Fact]
    public void Incremental_backups_hard_link_every_flushed_sstable_but_never_compaction_output()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1, incrementalBackups: true);
        Assert.Equal("running\n", sandbox.NodetoolOk("statusbackup"));
        sandbox.Write("ks.t", 10);
        sandbox.NodetoolOk("flush", "ks");
        sandbox.Write("ks.t", 10, startKey: 10);
        sandbox.NodetoolOk("flush", "ks");
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        var backups = Path.Combine(table, "backups");
        Assert.Equal(["nb-1-big-Data.db", "nb-2-big-Data.db"],
            Directory.EnumerateFiles(backups, "*-Data.db").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(IndependentChecks.Stat(Path.Combine(table, "nb-1-big-Data.db")).Inode, IndependentChecks.Stat(Path.Combine(backups, "nb-1-big-Data.db")).Inode);

        sandbox.NodetoolOk("compact", "ks", "t");
        Assert.Equal(["nb-3-big-Data.db"], sandbox.LiveDataFiles("ks.t").Select(Path.GetFileName));
        Assert.Equal(2, Directory.EnumerateFiles(backups, "*-Data.db").Count()); // the tool must clear backups/, Cassandra never does

        sandbox.NodetoolOk("disablebackup");
        sandbox.Write("ks.t", 1, startKey: 100);
        sandbox.NodetoolOk("flush", "ks");
        Assert.Equal(2, Directory.EnumerateFiles(backups, "*-Data.db").Count());
    }

    [Fact]
    public void Truncate_and_drop_take_timestamped_auto_snapshots_and_keep_the_directory()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 20);
        sandbox.Write("ks.gone", 20);
        sandbox.Node().Truncate("ks.t");
        var table = Assert.Single(sandbox.TableDirectories("ks.t"));
        var truncated = Assert.Single(Directory.EnumerateDirectories(Path.Combine(table, "snapshots")));
        Assert.Matches(@"/truncated-\d{13}-t$", truncated);
        Assert.NotEmpty(Directory.EnumerateFiles(truncated, "*-Data.db")); // the memtable was flushed into it
        Assert.Empty(sandbox.LiveDataFiles("ks.t"));
        Assert.Empty(sandbox.Node().Dump("ks.t"));

        var gone = Assert.Single(sandbox.TableDirectories("ks.gone"));
        sandbox.Node().DropTable("ks.gone");
        Assert.True(Directory.Exists(gone));
        Assert.Matches(@"/dropped-\d{13}-gone$", Assert.Single(Directory.EnumerateDirectories(Path.Combine(gone, "snapshots"))));
        Assert.Empty(Directory.EnumerateFiles(gone, "*-Data.db"));
        Assert.Contains("dropped-", sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
        Assert.Throws<Amphora.Sandbox.SandboxException>(() => sandbox.Node().Dump("ks.gone"));
    }
}

using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;
using Amphora.Core.Repository;
using Amphora.Core.Restore;

namespace Amphora.Tests.Restore;

/// <summary>
/// What <see cref="RestoreChainBuilder"/> picks from in-memory manifests: the base snapshot for a point, and which
/// incremental SSTables after it are taken or left out (and why).
/// </summary>
public sealed class RestoreChainBuilderTests
{
    private const string OrdersId = "0123456789abcdef0123456789abcdef";
    private const string Index = ".orders_email_idx/";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Host = Guid.Parse("3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
    private static readonly TableFilter AllTables = new(null);

    private readonly Dictionary<string, NodeManifest> _manifests = new(StringComparer.Ordinal);
    private readonly List<string> _read = [];
    private readonly List<NodeManifest> _incrementals = [];
    private NodeManifest? _incrementalsAskedFor;

    [Fact]
    public async Task The_newest_snapshot_started_before_the_point_is_the_base_and_newer_ones_are_not_read()
    {
        var snapshots = Snapshots(("s1", 1), ("s2", 2), ("s3", 3));

        var chain = await BuildAsync(snapshots, At(2.5));

        Assert.Equal("s2", chain.Snapshot.Tag);
        Assert.Equal(["s2"], _read);
        Assert.Same(chain.Snapshot, _incrementalsAskedFor);
    }

    [Fact]
    public async Task Without_a_point_the_newest_snapshot_is_the_base()
    {
        var chain = await BuildAsync(Snapshots(("s1", 1), ("s2", 2), ("s3", 3)), null);

        Assert.Equal("s3", chain.Snapshot.Tag);
    }

    [Fact]
    public async Task A_snapshot_started_exactly_at_the_point_may_be_the_base()
    {
        var chain = await BuildAsync(Snapshots(("s1", 1), ("s2", 2)), At(2));

        Assert.Equal("s2", chain.Snapshot.Tag);
    }

    [Fact]
    public async Task A_snapshot_holding_a_cell_newer_than_the_point_is_passed_over_for_an_older_one()
    {
        var snapshots = Snapshots(("s1", 1), ("s2", 2));
        _manifests["s2"] = Snapshot("s2", 2, Table("orders", SSTable("1", Micros(1)), SSTable("2", Micros(2.75))));

        var chain = await BuildAsync(snapshots, At(2.5));

        Assert.Equal("s1", chain.Snapshot.Tag);
        Assert.Equal(["s2", "s1"], _read);
    }

    [Fact]
    public async Task A_snapshot_SSTable_without_time_bounds_passes_the_snapshot_over()
    {
        var snapshots = Snapshots(("s1", 1), ("s2", 2));
        _manifests["s2"] = Snapshot("s2", 2, Table("orders", SSTable("1", null)));

        var chain = await BuildAsync(snapshots, At(2.5));

        Assert.Equal("s1", chain.Snapshot.Tag);
    }

    [Fact]
    public async Task A_newer_cell_in_a_table_not_restored_does_not_pass_the_snapshot_over()
    {
        var snapshots = Snapshots(("s1", 1), ("s2", 2));
        _manifests["s2"] = Snapshot("s2", 2, Table("orders", SSTable("1", Micros(1))), Table("audit", SSTable("1", Micros(3))));

        var chain = await BuildAsync(snapshots, At(2.5), tables: new TableFilter("shop.orders"));

        Assert.Equal("s2", chain.Snapshot.Tag);
    }

    [Fact]
    public async Task When_every_snapshot_before_the_point_holds_newer_cells_the_error_names_each_and_why()
    {
        var snapshots = Snapshots(("s1", 1), ("s2", 2));
        _manifests["s1"] = Snapshot("s1", 1, Table("orders", SSTable("1", Micros(2.6))));
        _manifests["s2"] = Snapshot("s2", 2, Table("orders", SSTable("4", Micros(2.75))));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => BuildAsync(snapshots, At(2.5)));

        Assert.Contains("no snapshot backup before", error.Message, StringComparison.Ordinal);
        Assert.Contains("s2: shop.orders nb-4-big- holds cells up to", error.Message, StringComparison.Ordinal);
        Assert.Contains("s1: shop.orders nb-1-big- holds cells up to", error.Message, StringComparison.Ordinal);
        Assert.Contains("choose a later point or an older snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_before_every_snapshot_is_refused_with_the_oldest_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BuildAsync(Snapshots(("s1", 1), ("s2", 2)), At(0.5)));

        Assert.Contains("no snapshot backup of the node started before", error.Message, StringComparison.Ordinal);
        Assert.Contains(T0.AddHours(1).ToString("u", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(_read);
    }

    [Fact]
    public async Task A_node_without_snapshots_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BuildAsync([], null));

        Assert.Contains("no complete snapshot backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incremental_SSTables_not_newer_than_the_snapshot_are_left_out_as_flushed_before_it_by_number_not_text()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("3", Micros(0.5)), SSTable("10", Micros(0.9))));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("2", Micros(0.4)), SSTable("9", Micros(0.8)), SSTable("11", Micros(1.5)))));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(3));

        Assert.Equal(["nb-11-big-"], chain.Taken.Select(s => s.SSTable.Prefix));
        Assert.Equal(["nb-2-big-", "nb-9-big-"], chain.LeftOut.Select(s => s.SSTable.Prefix));
        Assert.All(chain.LeftOut, s => Assert.StartsWith("flushed before snapshot base (id ", s.Reason, StringComparison.Ordinal));
        Assert.Contains("is not newer than its 10", chain.LeftOut[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newer_incremental_SSTables_are_taken_up_to_the_point_and_left_out_after_it()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("1", Micros(0.5))));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("2", Micros(1.5)), SSTable("3", Micros(2.5)))));
        _incrementals.Add(Incremental("i2", 3, Table("orders", SSTable("4", Micros(2.5) + 1), SSTable("5", null))));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2.5));

        Assert.Equal([("i1", "nb-2-big-", (string?)null), ("i1", "nb-3-big-", null)], chain.Taken.Select(s => (s.Tag, s.SSTable.Prefix, s.Reason)));
        Assert.Equal(["nb-4-big-", "nb-5-big-"], chain.LeftOut.Select(s => s.SSTable.Prefix));
        Assert.Contains("holds cells up to", chain.LeftOut[0].Reason, StringComparison.Ordinal);
        Assert.Contains("after the point", chain.LeftOut[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no readable Statistics.db", chain.LeftOut[1].Reason, StringComparison.Ordinal);
        Assert.Equal([_incrementals[0], _incrementals[1]], chain.Incrementals);
    }

    [Fact]
    public async Task Without_a_point_every_newer_incremental_SSTable_is_taken_even_without_time_bounds()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("5", Micros(0.5))));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("4", Micros(0.4)), SSTable("6", Micros(9)), SSTable("7", null))));

        var chain = await BuildAsync(Snapshots(("base", 1)), null);

        Assert.Equal(["nb-6-big-", "nb-7-big-"], chain.Taken.Select(s => s.SSTable.Prefix));
        Assert.Equal(["nb-4-big-"], chain.LeftOut.Select(s => s.SSTable.Prefix));
    }

    [Fact]
    public async Task Time_bounds_are_read_in_the_cluster_precision()
    {
        var point = At(2);
        var pointMillis = point.Microseconds / 1_000;
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("1", pointMillis - 1)));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("2", pointMillis), SSTable("3", pointMillis + 1))));

        var chain = await BuildAsync(Snapshots(("base", 1)), point, TimestampPrecision.Milliseconds);

        Assert.Equal(["nb-2-big-"], chain.Taken.Select(s => s.SSTable.Prefix));
        Assert.Equal(["nb-3-big-"], chain.LeftOut.Select(s => s.SSTable.Prefix));
    }

    [Fact]
    public async Task Index_SSTables_are_compared_with_the_snapshot_index_SSTables_only()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("8", Micros(0.5)), SSTable("2", Micros(0.5), Index)));
        _incrementals.Add(Incremental("i1", 2, Table("orders",
            SSTable("1", Micros(0.5), Index), SSTable("3", Micros(1.5), Index), SSTable("7", Micros(0.5)), SSTable("9", Micros(1.5)))));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));

        Assert.Equal([Index + "nb-3-big-", "nb-9-big-"], chain.Taken.Select(s => s.SSTable.Prefix));
        Assert.Equal([Index + "nb-1-big-", "nb-7-big-"], chain.LeftOut.Select(s => s.SSTable.Prefix));
        Assert.Contains("not newer than its 2", chain.LeftOut[0].Reason, StringComparison.Ordinal);
        Assert.Contains("not newer than its 8", chain.LeftOut[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_SSTable_of_an_index_the_snapshot_lacks_is_taken_whatever_the_table_ids()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("8", Micros(0.5))));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("1", Micros(1.5), Index))));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));

        Assert.Equal([Index + "nb-1-big-"], chain.Taken.Select(s => s.SSTable.Prefix));
        Assert.Empty(chain.LeftOut);
    }

    [Fact]
    public async Task The_same_SSTable_in_two_incrementals_is_taken_once_from_the_first_and_one_in_the_snapshot_not_at_all()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("1", Micros(0.5))));
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("1", Micros(0.5)), SSTable("2", Micros(1.5)))));
        _incrementals.Add(Incremental("i2", 3, Table("orders", SSTable("2", Micros(1.5)), SSTable("3", Micros(1.6)))));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));

        Assert.Equal([("i1", "nb-2-big-"), ("i2", "nb-3-big-")], chain.Taken.Select(s => (s.Tag, s.SSTable.Prefix)));
        Assert.Empty(chain.LeftOut);
    }

    [Fact]
    public async Task The_manifest_adds_taken_files_to_the_snapshot_table_and_appends_tables_created_later()
    {
        var orders = Table("orders", SSTable("1", Micros(0.5)));
        _manifests["base"] = Snapshot("base", 1, orders);
        var returns = Table("returns", SSTable("1", Micros(1.5))) with { TableId = "fedcba9876543210fedcba9876543210" };
        _incrementals.Add(Incremental("i1", 2, Table("orders", SSTable("2", Micros(1.5)), SSTable("3", Micros(9))), returns));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));
        var manifest = chain.Manifest;

        Assert.Equal("base", manifest.Tag);
        Assert.Equal([("orders", OrdersId), ("returns", returns.TableId)], manifest.Tables.Select(t => (t.Table, t.TableId)));
        Assert.Equal(["nb-1-big-", "nb-2-big-"], manifest.Tables[0].SSTables.Select(s => s.Prefix));
        Assert.Equal(
            [.. Components.Select(c => "nb-1-big-" + c), .. Components.Select(c => "nb-2-big-" + c)],
            manifest.Tables[0].Files.Select(f => f.Path));
        Assert.Equal(["nb-1-big-"], manifest.Tables[1].SSTables.Select(s => s.Prefix));
        Assert.Equal(Components.Select(c => "nb-1-big-" + c), manifest.Tables[1].Files.Select(f => f.Path));
        Assert.Equal(orders.Schema, manifest.Tables[0].Schema);
        Assert.Equal(returns.Schema, manifest.Tables[1].Schema);
    }

    [Fact]
    public async Task Only_the_SSTable_component_files_of_a_taken_SSTable_are_added()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("1", Micros(0.5))));
        var incremental = Table("orders", SSTable("2", Micros(1.5)));
        incremental = incremental with { Files = [.. incremental.Files, File("manifest.json", null), File("nb-2-big-notes.txt", null)] };
        _incrementals.Add(Incremental("i1", 2, incremental));

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));

        Assert.Equal(Components.Select(c => "nb-2-big-" + c), Assert.Single(chain.Taken).Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Incremental_files_get_the_snapshot_index_of_the_same_data_directory_path()
    {
        _manifests["base"] = Snapshot("base", 1, Table("orders", SSTable("1", Micros(0.5)))) with { Node = Node(["/d1", "/d2"]) };
        var table = Table("orders", SSTable("2", Micros(1.5)), SSTable("3", Micros(1.5)), SSTable("4", Micros(1.5)));
        table = table with
        {
            Files = [.. table.Files.Select(f => f with { DataDirectory = f.Path.StartsWith("nb-2-", StringComparison.Ordinal) ? 0 : f.Path.StartsWith("nb-3-", StringComparison.Ordinal) ? 1 : 2 })],
        };
        _incrementals.Add(Incremental("i1", 2, table) with { Node = Node(["/d2", "/d1", "/d3"]) });

        var chain = await BuildAsync(Snapshots(("base", 1)), At(2));

        // /d2 and /d1 swapped places; /d3 is not in the snapshot's list and keeps its index modulo the list's length.
        Assert.Equal([1, 0, 0], chain.Taken.Select(s => s.Files.Select(f => f.DataDirectory).Distinct().Single()));
        Assert.Equal([1, 0, 0], chain.Manifest.Tables[0].Files.Skip(Components.Length).Chunk(Components.Length).Select(c => c[0].DataDirectory));
    }

    private static readonly string[] Components = ["Data.db", "Index.db", "Statistics.db", "TOC.txt"];

    private Task<RestoreChain> BuildAsync(
        IReadOnlyList<NodeBackupSummary> snapshots, PointInTime? point, TimestampPrecision precision = TimestampPrecision.Microseconds, TableFilter? tables = null) =>
        RestoreChainBuilder.BuildAsync(
            snapshots,
            (summary, _) =>
            {
                _read.Add(summary.Tag);
                return Task.FromResult(_manifests[summary.Tag]);
            },
            (snapshot, _) =>
            {
                _incrementalsAskedFor = snapshot;
                return Task.FromResult<IReadOnlyList<NodeManifest>>(_incrementals);
            },
            point,
            precision,
            tables ?? AllTables,
            CancellationToken.None);

    /// <summary>Snapshot summaries newest first, each with a manifest of one old SSTable unless the test sets another.</summary>
    private List<NodeBackupSummary> Snapshots(params (string Tag, double Hours)[] snapshots)
    {
        foreach (var (tag, hours) in snapshots)
        {
            _manifests.TryAdd(tag, Snapshot(tag, hours, Table("orders", SSTable("1", Micros(0)))));
        }

        return [.. snapshots.OrderByDescending(s => s.Hours).Select(s => new NodeBackupSummary(
            "prod", s.Tag, Host, T0.AddHours(s.Hours), new NodeBackupCompletion(T0.AddHours(s.Hours + 0.1), 1, 1, 1)))];
    }

    private static PointInTime At(double hours) => PointInTime.FromDateTimeOffset(T0.AddHours(hours));

    private static long Micros(double hours) => At(hours).Microseconds;

    private static NodeManifest Snapshot(string tag, double hours, params TableEntry[] tables) => Manifest(tag, BackupKind.Snapshot, hours, tables);

    private static NodeManifest Incremental(string tag, double hours, params TableEntry[] tables) => Manifest(tag, BackupKind.Incremental, hours, tables);

    private static NodeManifest Manifest(string tag, string kind, double hours, TableEntry[] tables) => new()
    {
        Tag = tag,
        Kind = kind,
        SnapshotName = kind == BackupKind.Snapshot ? $"amphora-{tag}" : "backups",
        StartedAt = T0.AddHours(hours),
        FinishedAt = T0.AddHours(hours + 0.1),
        Node = Node(["/var/lib/cassandra/data"]),
        Tables = tables,
    };

    private static NodeEntry Node(string[] dataDirectories) => new()
    {
        Cluster = "prod",
        Datacenter = "dc1",
        Rack = "rack1",
        HostId = Host,
        Hostname = "node1",
        Tokens = ["0"],
        CassandraVersion = "5.0.2",
        DataDirectories = dataDirectories,
    };

    private static TableEntry Table(string name, params SSTableSummary[] sstables) => new()
    {
        Keyspace = "shop",
        Table = name,
        TableId = name == "orders" ? OrdersId : "00000000000000000000000000000001",
        Schema = $"CREATE TABLE shop.{name} (id int PRIMARY KEY);",
        Files = [.. sstables.SelectMany(s => Components.Select(c => File(s.Prefix + c, s)))],
        SSTables = sstables,
    };

    private static FileEntry File(string path, SSTableSummary? sstable) => new()
    {
        Path = path,
        DataDirectory = 0,
        Size = 100,
        Hash = new string('a', 64),
        SSTable = sstable is null ? null : new SSTableEntry { Version = sstable.Version, Id = sstable.Id, Format = sstable.Format, Component = path[sstable.Prefix.Length..] },
    };

    private static SSTableSummary SSTable(string id, long? maxTimestamp, string directory = "") => new()
    {
        Prefix = $"{directory}nb-{id}-big-",
        Version = "nb",
        Id = id,
        Format = "big",
        TimeBounds = maxTimestamp is { } max ? new SSTableTimeBounds { MinTimestamp = max - 1_000, MaxTimestamp = max } : null,
    };
}

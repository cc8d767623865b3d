using Amphora.Sandbox.Schema;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>The sandbox's bin/cqlsh and bin/sstableloader, run as real processes, against cqlsh's and sstableloader's behaviour.</summary>
public sealed class CqlshAndLoaderTests
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    private static ProcessRunner.Result Cqlsh(SandboxHarness sandbox, string node, params string[] arguments) =>
        ProcessRunner.Run(Path.Combine(sandbox.Node(node).Directory, "bin", "cqlsh"), arguments);

    private static ProcessRunner.Result Loader(SandboxHarness sandbox, params string[] arguments) =>
        ProcessRunner.Run(Path.Combine(sandbox.Node().Directory, "bin", "sstableloader"), arguments);

    private static string WriteFile(SandboxHarness sandbox, string name, string text)
    {
        var path = Path.Combine(Path.GetDirectoryName(sandbox.Path)!, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Cqlsh_creates_keyspace_table_and_index_on_every_node()
    {
        using var sandbox = new SandboxHarness(nodes: 2);
        var file = WriteFile(sandbox, "schema.cql",
            "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': 2} AND durable_writes = true;\n" +
            "/* a block\n comment */ USE shop;\n" +
            "create table orders (id bigint primary key, value text) with compression = {'enabled': 'false'} and comment = 'x; y';\n" +
            "CREATE INDEX orders_idx ON orders (value); // trailing\n");

        var result = Cqlsh(sandbox, "node1", "-f", file);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput + result.StandardError);
        var schema = sandbox.Cluster.LoadSchema();
        Assert.Equal("2", schema.FindKeyspace("shop")!.Replication["dc1"]);
        var table = schema.FindTable("shop", "orders")!;
        Assert.Null(table.Compressor);
        Assert.Equal(["orders_idx"], table.Indexes);
        foreach (var node in ThreeNodes.Take(2))
        {
            var directories = sandbox.TableDirectories("shop.orders", node);
            Assert.Equal(sandbox.Config(node).DataDirectories.Count, directories.Count);
            Assert.All(directories, d => Assert.True(Directory.Exists(Path.Combine(d, ".orders_idx"))));
        }
    }

    [Fact]
    public void Cqlsh_reports_errors_with_file_and_line_goes_on_and_exits_2()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        var file = WriteFile(sandbox, "bad.cql",
            "CREATE TABLE ks.t (id bigint PRIMARY KEY, value text);\n" +
            "CREATE TABLE nope.t (id bigint PRIMARY KEY, value text);\n" +
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n" +
            "CREATE TABLE ks.other (id int PRIMARY KEY, value text);\n" +
            "CREATE TABLE ks.fine (id bigint PRIMARY KEY, value text);\n");

        var result = Cqlsh(sandbox, "node1", "-f", file);

        Assert.Equal(2, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{file}:2:AlreadyExists: Table 'ks.t' already exists", lines[0]);
        Assert.Equal($"{file}:3:InvalidRequest: Error from server: code=2200 [Invalid query] message=\"Keyspace 'nope' doesn't exist\"", lines[1]);
        Assert.Equal($"{file}:4:AlreadyExists: Keyspace 'ks' already exists", lines[2]);
        Assert.StartsWith($"{file}:5:InvalidRequest: Error from server: code=2200 [Invalid query] message=\"The Amphora sandbox's tables", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.NotNull(sandbox.Cluster.LoadSchema().FindTable("ks", "fine"));
    }

    [Fact]
    public void Cqlsh_e_errors_are_numbered_stdin_line_1_and_k_sets_the_keyspace()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);

        var unknown = Cqlsh(sandbox, "node1", "-e", "DROP TABLE ks.missing");
        var noKeyspace = Cqlsh(sandbox, "node1", "-e", "TRUNCATE t");
        var withK = Cqlsh(sandbox, "node1", "-k", "ks", "-u", "cassandra", "--ssl", "-e", "CREATE TABLE t2 (id bigint PRIMARY KEY, value text)");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("<stdin>:1:InvalidRequest: Error from server: code=2200 [Invalid query] message=\"Table 'ks.missing' doesn't exist\"\n", unknown.StandardError);
        Assert.Equal(2, noKeyspace.ExitCode);
        Assert.Contains("No keyspace has been specified", noKeyspace.StandardError, StringComparison.Ordinal);
        Assert.True(withK.ExitCode == 0, withK.StandardError);
        Assert.NotNull(sandbox.Cluster.LoadSchema().FindTable("ks", "t2"));
    }

    [Fact]
    public void Cqlsh_to_a_stopped_node_or_unknown_host_is_a_connection_error_with_exit_1()
    {
        using var sandbox = new SandboxHarness(nodes: 2);
        sandbox.Node("node2").Stop();

        var down = Cqlsh(sandbox, "node1", "127.0.0.2", "-e", "USE system");
        var local = Cqlsh(sandbox, "node2", "-e", "USE system");
        var other = Cqlsh(sandbox, "node2", "127.0.0.1", "-e", "USE system");

        Assert.Equal(1, down.ExitCode);
        Assert.Equal(
            "Connection error: ('Unable to connect to any servers', {'127.0.0.2:9042': ConnectionRefusedError(111, \"Tried connecting to [('127.0.0.2', 9042)]. Last error: Connection refused\")})\n",
            down.StandardError);
        Assert.Equal(1, local.ExitCode);
        Assert.Equal(0, other.ExitCode);
    }

    [Fact]
    public void Schema_cql_from_a_snapshot_recreates_a_dropped_table_identically_in_its_old_directory()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 10, creation: new Amphora.Sandbox.TableCreation { Storage = Amphora.Sandbox.Storage.TableStorageOptions.Uncompressed, Indexes = ["t_idx"] });
        var before = sandbox.Cluster.LoadSchema().FindTable("ks", "t")!;
        var schemaCql = WriteFile(sandbox, "t.cql", SchemaCql.For(before));
        var oldDirectories = sandbox.TableDirectories("ks.t");

        var drop = Cqlsh(sandbox, "node1", "-e", "DROP TABLE ks.t");
        Assert.True(drop.ExitCode == 0, drop.StandardError);
        Assert.Null(sandbox.Cluster.LoadSchema().FindTable("ks", "t"));
        // Cassandra leaves the dropped table's directory with its dropped- snapshot.
        Assert.All(oldDirectories, d => Assert.True(Directory.Exists(d)));
        Assert.Matches(@"dropped-\d{13}-t$", Assert.Single(Directory.EnumerateDirectories(Path.Combine(oldDirectories[0], "snapshots"))));
        Assert.Empty(sandbox.LiveDataFiles("ks.t"));

        var recreate = Cqlsh(sandbox, "node1", "-f", schemaCql);

        Assert.True(recreate.ExitCode == 0, recreate.StandardError);
        var after = sandbox.Cluster.LoadSchema().FindTable("ks", "t")!;
        Assert.Equal(SchemaCql.For(before), SchemaCql.For(after));
        Assert.Equal(oldDirectories.Order(StringComparer.Ordinal), sandbox.TableDirectories("ks.t").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_table_recreated_without_its_id_gets_a_new_directory_beside_the_dropped_one()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.t", 5);
        var oldDirectory = Assert.Single(sandbox.TableDirectories("ks.t"));
        sandbox.Node().DropTable("ks.t");

        var result = Cqlsh(sandbox, "node1", "-e", "CREATE TABLE ks.t (id bigint PRIMARY KEY, value text)");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var table = sandbox.Cluster.LoadSchema().FindTable("ks", "t")!;
        var directories = sandbox.TableDirectories("ks.t");
        Assert.Equal(2, directories.Count);
        Assert.Contains(oldDirectory, directories);
        Assert.Contains(directories, d => d.EndsWith($"t-{table.Id:N}", StringComparison.Ordinal));
    }

    [Fact]
    public void Sstableloader_streams_rows_to_their_replicas_and_leaves_the_source_untouched()
    {
        using var sandbox = new SandboxHarness(nodes: 3, incrementalBackups: true);
        Assert.Equal(0, Cqlsh(sandbox, "node1", "-e",
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}; CREATE TABLE ks.t (id bigint PRIMARY KEY, value text)").ExitCode);
        sandbox.Write("ks.t", 200);
        sandbox.NodetoolOk("flush");
        var expected = sandbox.DumpChecksum("ks.t").Split('\n').ToHashSet();
        var source = Path.Combine(Path.GetDirectoryName(sandbox.Path)!, "load", "ks", "t");
        Directory.CreateDirectory(source);
        foreach (var file in sandbox.TableDirectories("ks.t").SelectMany(Directory.EnumerateFiles))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        var sourceFiles = Directory.EnumerateFiles(source).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(0, Cqlsh(sandbox, "node1", "-e", "TRUNCATE ks.t").ExitCode);

        var result = Loader(sandbox, "-d", "127.0.0.1,127.0.0.2", "-u", "cassandra", "-pw", "cassandra", "--throttle", "10", source);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("Established connection to initial hosts", lines[0]);
        Assert.Equal("Opening sstables and calculating sections to stream", lines[1]);
        Assert.StartsWith($"Streaming relevant part of {source}/", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(" to [/127.0.0.1:7000, /127.0.0.2:7000, /127.0.0.3:7000]", lines[2], StringComparison.Ordinal);
        Assert.Contains("Summary statistics: ", lines);
        Assert.Contains(lines, l => l.StartsWith("   Connections per host    : 1", StringComparison.Ordinal));
        // sandbox write puts every row on node1 alone; the loader puts each on its replicas, values and timestamps intact.
        Assert.Equal(expected, ThreeNodes.SelectMany(n => sandbox.DumpChecksum("ks.t", n).Split('\n')).ToHashSet());

        // Replication factor 2: every row lands on exactly two of the three nodes.
        var perNode = ThreeNodes
            .Select(n => sandbox.Node(n).Dump("ks.t").Select(r => Convert.ToHexString(r.Row.Key)).ToHashSet()).ToList();
        var keys = perNode.SelectMany(k => k).Distinct().ToList();
        Assert.Equal(200, keys.Count);
        Assert.All(keys, k => Assert.Equal(2, perNode.Count(n => n.Contains(k))));
        Assert.All(ThreeNodes, n =>
            Assert.NotEmpty(sandbox.TableDirectories("ks.t", n).SelectMany(d => Directory.EnumerateFiles(Path.Combine(d, "backups"), "*-Data.db"))));
        Assert.All(sourceFiles, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
    }

    [Fact]
    public void Sstableloader_fails_with_exit_1_for_unknown_keyspace_table_or_no_live_host()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 3);
        var root = Path.Combine(Path.GetDirectoryName(sandbox.Path)!, "load");
        Directory.CreateDirectory(Path.Combine(root, "nope", "t"));
        Directory.CreateDirectory(Path.Combine(root, "ks", "missing"));
        Directory.CreateDirectory(Path.Combine(root, "ks", "t"));

        var keyspace = Loader(sandbox, "-d", "127.0.0.1", Path.Combine(root, "nope", "t"));
        var table = Loader(sandbox, "-d", "127.0.0.1", Path.Combine(root, "ks", "missing"));
        var noHosts = Loader(sandbox, Path.Combine(root, "ks", "t"));
        sandbox.Node().Stop();
        var down = Loader(sandbox, "-d", "127.0.0.1", Path.Combine(root, "ks", "t"));

        Assert.Equal(1, keyspace.ExitCode);
        Assert.Contains("Unknown keyspace nope", keyspace.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("ks.missing", table.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, noHosts.ExitCode);
        Assert.StartsWith("Initial hosts must be specified (-d)\n", noHosts.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("All host(s) tried for query failed (tried: /127.0.0.1:9042", down.StandardError, StringComparison.Ordinal);
    }
}

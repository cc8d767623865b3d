using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amphora.Sandbox;
using Amphora.Sandbox.ScyllaApi;
using Amphora.Sandbox.Storage;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora sandbox ...</c>: stand-in Cassandra nodes on local disk, for demos and tests.</summary>
public static class SandboxCommands
{
    public static Command Create()
    {
        var sandbox = new Command("sandbox",
            "Stand-in Cassandra nodes on local disk, for demos and tests only (not a database): real directory layout, " +
            "SSTable file names, snapshots, hard links, commit log segments and a bin/nodetool that speaks nodetool.")
        {
            CreateCommand(),
            NodeCommand("start",
                "Start a stopped node: clean up interrupted compactions, archive leftover commit log segments, restore archived ones " +
                "(conf/commitlog_archiving.properties) and replay the commit log; JVM_EXTRA_OPTS may hold -Dcassandra.replayList=ks.t,...; " +
                "a Scylla node also serves its REST API again",
                n => n.Start()),
            NodeCommand("stop", "Stop a node abruptly (like kill): nodetool (and a Scylla node's REST API) is refused until it starts again.", n => n.Stop()),
            WriteCommand(),
            DumpCommand(),
            TableCommand("drop", "Drop a table (auto-snapshot dropped-<ms>-<table> first, as auto_snapshot: true does).", (n, t) => n.DropTable(t)),
            TableCommand("truncate", "Truncate a table (auto-snapshot truncated-<ms>-<table> first).", (n, t) => n.Truncate(t)),
            RestServerCommand(),
        };
        return sandbox;
    }

    private static Argument<string> DirectoryArgument() => new("DIR") { Description = "The sandbox cluster directory." };

    private static Option<string> NodeOption() => new("--node") { Description = "Node name, e.g. node1.", Required = true };

    private static Command CreateCommand()
    {
        var directory = DirectoryArgument();
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes.", DefaultValueFactory = _ => 1 };
        var datacenters = new Option<int>("--datacenters") { Description = "Number of datacenters (nodes are split evenly).", DefaultValueFactory = _ => 1 };
        var dataDirs = new Option<int>("--data-dirs") { Description = "data_file_directories per node.", DefaultValueFactory = _ => 2 };
        var format = new Option<string>("--sstable-format")
        {
            Description = "nb (Cassandra 4.1), nb-uuid (4.1 with UUID generation ids), oa (5.0), da (5.0 BTI).",
            DefaultValueFactory = _ => "nb",
        };
        format.AcceptOnlyFromAmong([.. SSTableFormat.All.Select(f => f.Name)]);
        var segmentSize = new Option<string>("--commitlog-segment-size")
        {
            Description = "commitlog_segment_size (Cassandra's default is 32MiB; the sandbox uses 1MiB to keep data small).",
            DefaultValueFactory = _ => "1MiB",
        };
        var incremental = new Option<bool>("--incremental-backups") { Description = "Set incremental_backups: true in cassandra.yaml." };
        var flavour = new Option<SandboxFlavour>("--flavour")
        {
            Description = "cassandra, or scylla: conf/scylla.yaml instead of cassandra.yaml, and Scylla's REST API on each node's address while it is up.",
            DefaultValueFactory = _ => SandboxFlavour.Cassandra,
        };
        var apiPort = new Option<int>("--api-port") { Description = "api_port of Scylla nodes (Scylla's default).", DefaultValueFactory = _ => 10000 };
        var command = new Command("create", "Create a sandbox cluster: DIR/node1..N with conf/cassandra.yaml, data dirs and bin/nodetool, then start it.")
        {
            directory, nodes, datacenters, dataDirs, format, segmentSize, incremental, flavour, apiPort,
        };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            var cluster = SandboxCreator.Create(parse.GetValue(directory)!, new SandboxOptions
            {
                Nodes = parse.GetValue(nodes),
                Datacenters = parse.GetValue(datacenters),
                DataDirectories = parse.GetValue(dataDirs),
                Format = SSTableFormat.Parse(parse.GetValue(format)!),
                CommitLogSegmentSize = parse.GetValue(segmentSize)!,
                IncrementalBackups = parse.GetValue(incremental),
                Flavour = parse.GetValue(flavour),
                ApiPort = parse.GetValue(apiPort),
                AmphoraCommand = AmphoraExecutable.CommandLine(),
            });
            foreach (var node in cluster.Nodes)
            {
                Console.WriteLine($"{node.Name}  {node.Address}  {node.Manifest.Datacenter}/{node.Manifest.Rack}  {Path.Combine(node.Directory, "bin", "nodetool")}");
            }

            return Task.CompletedTask;
        }));
        return command;
    }

    private static Command NodeCommand(string name, string description, Action<SandboxNode> action)
    {
        var directory = DirectoryArgument();
        var node = NodeOption();
        var command = new Command(name, description) { directory, node };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            action(SandboxCluster.Open(parse.GetValue(directory)!).Node(parse.GetValue(node)!));
            return Task.CompletedTask;
        }));
        return command;
    }

    /// <summary>What a Scylla-flavoured node runs while it is up (start spawns it, stop kills it): its REST API, until the node stops.</summary>
    private static Command RestServerCommand()
    {
        var directory = DirectoryArgument();
        var node = NodeOption();
        var command = new Command("rest-server", "Serve a Scylla-flavoured node's REST API on its api_address:api_port (run by sandbox start).")
        {
            directory, node,
        };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var cluster = SandboxCluster.Open(parse.GetValue(directory)!);
            await ScyllaRestServer.RunAsync(cluster, cluster.Node(parse.GetValue(node)!), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command TableCommand(string name, string description, Action<SandboxNode, string> action)
    {
        var directory = DirectoryArgument();
        var node = NodeOption();
        var table = new Option<string>("--table") { Description = "keyspace.table", Required = true };
        var command = new Command(name, description) { directory, node, table };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            action(SandboxCluster.Open(parse.GetValue(directory)!).Node(parse.GetValue(node)!), parse.GetValue(table)!);
            return Task.CompletedTask;
        }));
        return command;
    }

    private static Command WriteCommand()
    {
        var directory = DirectoryArgument();
        var node = NodeOption();
        var table = new Option<string>("--table") { Description = "keyspace.table; created (with its keyspace) when missing.", Required = true };
        var rows = new Option<int>("--rows") { Description = "Number of rows.", Required = true };
        var startKey = new Option<long>("--start-key") { Description = "First partition key (keys are consecutive bigints).", DefaultValueFactory = _ => 0 };
        var timestamp = new Option<long?>("--timestamp-micros") { Description = "Client timestamp (µs since epoch) for every row; default: now." };
        var valueSize = new Option<int>("--value-size") { Description = "Bytes per value.", DefaultValueFactory = _ => 64 };
        var delete = new Option<bool>("--delete") { Description = "Write deletions (tombstones) for the keys instead of values." };
        var uncompressed = new Option<bool>("--uncompressed") { Description = "When creating the table: no compression (CRC.db instead of CompressionInfo.db)." };
        var index = new Option<string[]>("--index") { Description = "When creating the table: a secondary index on value with this name.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("write", "Write rows through the node's commit log into its memtable (flush with bin/nodetool flush).")
        {
            directory, node, table, rows, startKey, timestamp, valueSize, delete, uncompressed, index,
        };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            var sandboxNode = SandboxCluster.Open(parse.GetValue(directory)!).Node(parse.GetValue(node)!);
            sandboxNode.Write(parse.GetValue(table)!, new WriteOptions
            {
                Rows = parse.GetValue(rows),
                StartKey = parse.GetValue(startKey),
                TimestampMicros = parse.GetValue(timestamp),
                ValueSize = parse.GetValue(valueSize),
                Delete = parse.GetValue(delete),
                Table = new TableCreation
                {
                    Storage = parse.GetValue(uncompressed) ? TableStorageOptions.Uncompressed : TableStorageOptions.Default,
                    Indexes = parse.GetValue(index) ?? [],
                },
            });
            return Task.CompletedTask;
        }));
        return command;
    }

    private static Command DumpCommand()
    {
        var directory = DirectoryArgument();
        var node = NodeOption();
        var table = new Option<string?>("--table") { Description = "keyspace.table; default: every user table." };
        var checksum = new Option<bool>("--checksum") { Description = "Print one SHA-256 over the rows instead of the rows." };
        var command = new Command("dump", "Print the node's rows (memtable and SSTables merged, newest timestamp wins): table, key, timestamp, value.")
        {
            directory, node, table, checksum,
        };
        command.SetAction((parse, _) => CliErrors.Guard(async () =>
        {
            var rows = SandboxCluster.Open(parse.GetValue(directory)!).Node(parse.GetValue(node)!).Dump(parse.GetValue(table));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var output = Console.Out;
            foreach (var (tableSchema, row) in rows)
            {
                var line = DumpLine(tableSchema, row);
                if (parse.GetValue(checksum))
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(line));
                }
                else
                {
                    await output.WriteAsync(line).ConfigureAwait(false);
                }
            }

            if (parse.GetValue(checksum))
            {
                await output.WriteLineAsync($"{Convert.ToHexStringLower(hash.GetHashAndReset())}  {rows.Count} rows").ConfigureAwait(false);
            }
        }));
        return command;
    }

    /// <summary>One row as dump prints it (and hashes it for --checksum): table, key, timestamp, value.</summary>
    public static string DumpLine(Amphora.Sandbox.Schema.TableSchema table, Amphora.Sandbox.Storage.Row row)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture, $"{table.QualifiedName}\t{SandboxNode.DescribeKey(table, row.Key)}\t{row.Timestamp}\t{Encoding.UTF8.GetString(row.Value!)}\n");
    }
}

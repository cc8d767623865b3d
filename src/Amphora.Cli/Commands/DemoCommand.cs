using System.CommandLine;
using Amphora.Nodes;
using Amphora.Sandbox;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora demo</c>: Amphora's main job end to end on a sandbox node. Until <c>amphora backup</c> exists it shows the
/// node side of a backup: writes, flush, snapshot (hard links), listsnapshots, compaction, clearsnapshot, all through
/// the node's own nodetool.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<string?>("--dir") { Description = "Where to create the demo sandbox (default: a new temporary directory)." };
        var command = new Command("demo", "Run Amphora end to end on a built-in sandbox node (no Cassandra needed).") { directory };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(() => RunAsync(parse.GetValue(directory), cancellationToken)));
        return command;
    }

    private static async Task RunAsync(string? directory, CancellationToken cancellationToken)
    {
        directory ??= Path.Combine(Path.GetTempPath(), $"amphora-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Step($"Creating a one-node sandbox cluster in {directory}");
        var cluster = SandboxCreator.Create(directory, new SandboxOptions { AmphoraCommand = AmphoraExecutable.CommandLine() });
        var node = cluster.Node("node1");
        var yaml = CassandraYaml.Load(Path.Combine(node.Directory, "conf", "cassandra.yaml"));
        var nodetool = new Nodetool(Path.Combine(node.Directory, "bin", "nodetool"));
        Console.WriteLine($"  data_file_directories: {string.Join(", ", yaml.DataFileDirectories)}");
        Console.WriteLine($"  commitlog_directory:   {yaml.CommitLogDirectory}");
        var info = await nodetool.InfoAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  host ID {info.HostId}, {info.Datacenter}/{info.Rack}, {info.Tokens.Count} tokens");

        Step("Writing 2,000 rows to shop.orders (through the commit log), then nodetool flush shop");
        node.Write("shop.orders", new WriteOptions { Rows = 2000, ValueSize = 200 });
        await nodetool.FlushAsync(["shop"], cancellationToken).ConfigureAwait(false);
        ShowFiles(yaml, "shop");

        Step("Writing 500 more rows and taking snapshot 'demo-1' (flush + hard links + manifest.json + schema.cql)");
        node.Write("shop.orders", new WriteOptions { Rows = 500, StartKey = 2000, ValueSize = 200 });
        await nodetool.SnapshotAsync("demo-1", ["shop"], cancellationToken).ConfigureAwait(false);
        Console.Write(await nodetool.RunAsync(["listsnapshots"], cancellationToken).ConfigureAwait(false));

        Step("nodetool compact shop: the snapshot now holds the only links to the old SSTables (its true size grows)");
        await nodetool.CompactAsync("shop", [], cancellationToken).ConfigureAwait(false);
        ShowFiles(yaml, "shop");
        Console.Write(await nodetool.RunAsync(["listsnapshots"], cancellationToken).ConfigureAwait(false));

        Step("nodetool clearsnapshot -t demo-1");
        await nodetool.ClearSnapshotAsync("demo-1", cancellationToken).ConfigureAwait(false);
        Console.Write(await nodetool.RunAsync(["listsnapshots"], cancellationToken).ConfigureAwait(false));

        Step("Done");
        Console.WriteLine($"  The sandbox stays in {directory}; try {Path.Combine(node.Directory, "bin", "nodetool")} status.");
        Console.WriteLine("  Next: 'amphora backup' will ship such snapshots to a deduplicating backup location, and this demo will run it.");
    }

    private static void Step(string text) => Console.WriteLine($"\n== {text}");

    private static void ShowFiles(CassandraYaml yaml, string keyspace)
    {
        foreach (var dataDirectory in yaml.DataFileDirectories)
        {
            var keyspaceDirectory = Path.Combine(dataDirectory, keyspace);
            if (!Directory.Exists(keyspaceDirectory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(keyspaceDirectory, "*-Data.db", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Console.WriteLine($"  {Path.GetRelativePath(dataDirectory, file)}  ({new FileInfo(file).Length} bytes)");
            }
        }
    }
}

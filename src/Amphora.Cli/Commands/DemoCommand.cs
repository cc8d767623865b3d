using System.CommandLine;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Core.Restore;
using Amphora.Cli.Output;
using Amphora.Core.Verification;
using Amphora.Nodes;
using Amphora.Sandbox;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora demo</c>: Amphora's main job end to end on a sandbox node, through the node's own nodetool and cassandra.yaml:
/// data, a backup to a local-disk location, the listing, changes (writes, flush, compaction), and a second backup that
/// uploads only what changed, a verification of the latest backup down to SSTable checksums, and an in-place restore after
/// the node lost its tables.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<string?>("--dir") { Description = "Where to create the demo sandbox and location (default: a new temporary directory)." };
        var command = new Command("demo", "Run Amphora end to end on a built-in sandbox node (no Cassandra needed).") { directory };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(() => RunAsync(parse.GetValue(directory), cancellationToken)));
        return command;
    }

    private static async Task RunAsync(string? directory, CancellationToken cancellationToken)
    {
        directory ??= Path.Combine(Path.GetTempPath(), $"amphora-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Step($"Creating a one-node sandbox cluster in {directory}");
        var cluster = SandboxCreator.Create(Path.Combine(directory, "sandbox"), new SandboxOptions { AmphoraCommand = AmphoraExecutable.CommandLine() });
        var sandboxNode = cluster.Node("node1");
        var yamlPath = Path.Combine(sandboxNode.Directory, "conf", "cassandra.yaml");
        var nodetoolPath = Path.Combine(sandboxNode.Directory, "bin", "nodetool");
        var node = CommonOptions.Node(yamlPath, nodetoolPath);
        Console.WriteLine($"  cassandra.yaml: {yamlPath}");
        Console.WriteLine($"  nodetool:       {nodetoolPath}");
        Console.WriteLine($"  data dirs:      {string.Join(", ", node.DataDirectories)}");

        Step("Writing 5,000 rows to shop.customers and 1,000 to shop.orders");
        sandboxNode.Write("shop.customers", new WriteOptions { Rows = 5000, ValueSize = 200 });
        sandboxNode.Write("shop.orders", new WriteOptions { Rows = 1000, ValueSize = 200 });

        var location = "file:" + Path.Combine(directory, "backups");
        var repository = await BackupRepository.OpenAsync(StorageLocation.Open(location), create: true, cancellationToken).ConfigureAwait(false);
        var cache = ContentHashCache.Load(Path.Combine(directory, "hash-cache"));
        Step($"amphora backup --cassandra-yaml {yamlPath} --nodetool {nodetoolPath} --location {location} --tag first");
        await BackUpAsync(node, repository, cache, "first", cancellationToken).ConfigureAwait(false);

        Step("Changing data: 500 more orders, nodetool flush shop, then nodetool compact shop orders (new SSTables replace old ones)");
        sandboxNode.Write("shop.orders", new WriteOptions { Rows = 500, StartKey = 1000, ValueSize = 200 });
        var nodetool = new Nodetool(nodetoolPath);
        await nodetool.FlushAsync(["shop"], cancellationToken).ConfigureAwait(false);
        await nodetool.CompactAsync("shop", ["orders"], cancellationToken).ConfigureAwait(false);

        Step("amphora backup ... --tag second: shop.customers is unchanged, so only the compacted orders and metadata are uploaded");
        await BackUpAsync(node, repository, cache, "second", cancellationToken).ConfigureAwait(false);

        Step("amphora backup ... --tag third, nothing changed: no SSTable byte is read (hash cache by inode), only new metadata is uploaded");
        await BackUpAsync(node, repository, cache, "third", cancellationToken).ConfigureAwait(false);

        Step($"amphora backups list --location {location}");
        var catalog = new BackupCatalog(repository);
        BackupsCommands.PrintList(await catalog.ListAsync(cancellationToken).ConfigureAwait(false), repository.Location);

        Step($"amphora verify --latest --location {location} --full --sstables: every object's SHA-256 and every SSTable's checksums, no cluster needed");
        var latest = await catalog.LatestCompleteAsync(null, cancellationToken).ConfigureAwait(false);
        var report = await new BackupVerifier(repository, message => Console.WriteLine($"  {message}"))
            .VerifyAsync(latest, new VerifyOptions { Full = true, SSTables = true }, cancellationToken).ConfigureAwait(false);
        VerifyCommand.Print(report, repository.Location);
        if (!report.IsValid)
        {
            throw new InvalidDataException($"the demo's own backup failed verification ({report.ProblemCount} problem(s)); this is a bug, please report it.");
        }

        await RestoreAfterDisasterAsync(sandboxNode, node, nodetool, repository, location, catalog, cancellationToken).ConfigureAwait(false);

        Step("Done");
        Console.WriteLine($"  Sandbox and location stay in {directory}. Try:");
        Console.WriteLine($"    ./amphora backups show second --location {location}");
        Console.WriteLine($"    ./amphora sstable verify {string.Join(' ', node.DataDirectories)}");
        Console.WriteLine($"    ./amphora snapshots list --cassandra-yaml {yamlPath}");
        Console.WriteLine($"    {nodetoolPath} listsnapshots");
    }

    /// <summary>The node loses its shop tables; an in-place restore of the latest backup brings back exactly the rows it had.</summary>
    private static async Task RestoreAfterDisasterAsync(
        SandboxNode sandboxNode, NodetoolNodeAdapter node, Nodetool nodetool, BackupRepository repository, string location, BackupCatalog catalog, CancellationToken cancellationToken)
    {
        var rowsBefore = RowDigest(sandboxNode);
        Step("Disaster: nodetool drain, the node stops, and its shop directories are deleted from every data directory");
        await nodetool.RunAsync(["drain"], cancellationToken).ConfigureAwait(false);
        sandboxNode.Stop();
        foreach (var dataDirectory in node.DataDirectories)
        {
            Directory.Delete(Path.Combine(dataDirectory, "shop"), recursive: true);
        }

        Step($"amphora restore --latest --in-place -K 'shop.*' --location {location}: every file downloaded to staging and its SHA-256 checked, then placed");
        var latest = await catalog.LatestCompleteAsync(null, cancellationToken).ConfigureAwait(false);
        var source = await RestoreSource.SelectAsync(repository, latest, null, null, cancellationToken).ConfigureAwait(false);
        var options = new RestoreOptions { Mode = RestoreMode.InPlace, Tables = new TableFilter("shop.*") };
        var target = RestoreTarget.From(CassandraYaml.Load(Path.Combine(sandboxNode.Directory, "conf", "cassandra.yaml")), node);
        var plan = RestorePlanner.Plan(source, options, target);
        RestorePlanText.Print(plan, repository.Location);
        await NodeRestore.RunAsync(repository, plan, target, options, ConsoleRestoreProgress.Lines(), cancellationToken).ConfigureAwait(false);

        Step("Starting the node: it loads the restored SSTables");
        sandboxNode.Start();
        var rowsAfter = RowDigest(sandboxNode);
        if (rowsAfter != rowsBefore)
        {
            throw new InvalidDataException("the demo's restored node does not hold the rows it had before the disaster; this is a bug, please report it.");
        }

        Console.WriteLine($"  amphora sandbox dump --checksum: {rowsAfter}, identical to before the disaster");
    }

    /// <summary>What <c>amphora sandbox dump --checksum</c> prints: one SHA-256 over the node's rows, and their count.</summary>
    private static string RowDigest(SandboxNode node)
    {
        var rows = node.Dump(null);
        var lines = string.Concat(rows.Select(r => SandboxCommands.DumpLine(r.Table, r.Row)));
        return $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lines)))}  {rows.Count} rows";
    }

    private static async Task BackUpAsync(INodeAdapter node, BackupRepository repository, ContentHashCache cache, string tag, CancellationToken cancellationToken)
    {
        var request = new BackupRequest { Tag = tag };
        var result = await new NodeBackup(node, repository, cache, new ConsoleBackupProgress()).RunAsync(request, cancellationToken).ConfigureAwait(false);
        BackupCommand.Report(result, request);
    }

    private static void Step(string text) => Console.WriteLine($"\n== {text}");
}

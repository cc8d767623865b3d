using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Backup;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora backup</c>: one node's snapshot into a deduplicating location.</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var scyllaYaml = NodeAdapterOptions.ScyllaYaml();
        var location = CommonOptions.Location();
        var tag = new Option<string?>("--tag") { Description = "Name of the backup (letters, digits, '_', '-'); default: the UTC start time." };
        var tables = TablesOption();
        var keepSnapshot = new Option<bool>("--keep-snapshot") { Description = "Leave the local snapshot on the node after the backup." };
        var existingSnapshot = new Option<string?>("--use-existing-snapshot")
        {
            Description = "Back up this snapshot, already on the node, instead of taking one; it is left in place.",
        };
        var (parallel, cacheDirectory) = (ParallelOption(), CacheDirectoryOption());
        var lockWait = CommonOptions.LockWait();
        var output = CommonOptions.Output();
        var command = new Command("backup", "Back up one node: snapshot, upload what the location lacks, write the manifest, clear the snapshot.")
        {
            yaml, nodetool, scyllaYaml, location, tag, tables, keepSnapshot, existingSnapshot, parallel, cacheDirectory, lockWait, output, BackupIncrementalCommand.Create(),
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var request = new BackupRequest
            {
                Tag = parse.GetValue(tag),
                Tables = parse.GetValue(tables),
                KeepSnapshot = parse.GetValue(keepSnapshot),
                ExistingSnapshot = parse.GetValue(existingSnapshot),
                Parallelism = parse.GetValue(parallel),
                Lock = CommonOptions.LockOptions(parse.GetValue(lockWait)!),
            };
            request.Validate();
            var node = NodeAdapterOptions.Node(parse.GetValue(scyllaYaml), parse.GetValue(yaml)!, parse.GetValue(nodetool)!);
            var repository = await OpenRepositoryAsync(parse, node, parse.GetValue(location)!, cancellationToken).ConfigureAwait(false);
            var cache = LoadHashCache(parse.GetValue(cacheDirectory));
            var json = parse.GetValue(output) == "json";
            var progress = new ConsoleBackupProgress(json ? Console.Error : Console.Out);
            var result = await new NodeBackup(node, repository, cache, progress).RunAsync(request, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                JsonOutput.Write(result);
            }
            else
            {
                Report(result, request);
            }

            if (result.SnapshotWarning is not null)
            {
                throw new IOException($"backup {result.Tag} is complete, but {result.SnapshotWarning}.");
            }
        }));
        return command;
    }

    public static void Report(BackupResult result, BackupRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        Console.WriteLine($"Backup {result.Tag} of node {result.HostId} (cluster '{result.Cluster}') is complete in {result.Elapsed.TotalSeconds:0.0} s:");
        Console.WriteLine($"  {result.Tables} tables, {result.Files} files, {SizeText.Format(result.Bytes)}");
        Console.WriteLine($"  uploaded {result.UploadedFiles} files, {SizeText.Format(result.UploadedBytes)}; " +
            $"{result.Files - result.UploadedFiles} files ({SizeText.Format(result.Bytes - result.UploadedBytes)}) needed no upload: the location already held their content");
        Console.WriteLine($"  read {SizeText.Format(result.SSTableBytesRead)} of SSTables and {SizeText.Format(result.OtherBytesRead)} of other snapshot files " +
            "(unchanged SSTables are known by their hash cache entry and not read)");
        if (result.SnapshotWarning is null)
        {
            Console.WriteLine(request.ExistingSnapshot is not null || request.KeepSnapshot
                ? $"  local snapshot {result.SnapshotName} kept"
                : $"  local snapshot {result.SnapshotName} cleared");
        }
    }

    public static Option<string?> TablesOption() => new("--keyspaces", "-K")
    {
        Description = "Tables to back up: comma-separated globs, '!' excludes, e.g. -K 'shop.*,!shop.audit'. " +
            "Default: every table but node-local system keyspaces (system, system_traces), which are taken only when named.",
    };

    public static Option<int> ParallelOption() => new("--parallel", "--transfers")
    {
        Description = "Files hashed and uploaded at once (each large file also goes up in parallel parts: storage.part_parallelism).",
        DefaultValueFactory = _ => 4,
    };

    public static Option<string?> CacheDirectoryOption() => new("--cache-dir")
    {
        Description = "Where the file-hash cache lives (default: $AMPHORA_CACHE_DIR, else ~/.cache/amphora).",
    };

    /// <summary>The repository this node backs up to: with per-datacenter locations, the node's datacenter picks one.</summary>
    public static async Task<BackupRepository> OpenRepositoryAsync(ParseResult parse, INodeAdapter node, string locations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var datacenter = LocationList.Parse(locations).IsPerDatacenter
            ? (await node.IdentifyAsync(cancellationToken).ConfigureAwait(false)).Datacenter
            : null;
        return await StorageOptions.OpenRepositoryAsync(parse, locations, create: true, cancellationToken, datacenter).ConfigureAwait(false);
    }

    public static ContentHashCache LoadHashCache(string? directory) => ContentHashCache.Load(directory ?? DefaultCacheDirectory());

    private static string DefaultCacheDirectory() =>
        Environment.GetEnvironmentVariable("AMPHORA_CACHE_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amphora");
}

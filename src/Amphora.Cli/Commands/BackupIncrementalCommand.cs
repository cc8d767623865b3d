using Amphora.Core.Configuration;
using System.CommandLine;
using System.Globalization;
using Amphora.Cli.Output;
using Amphora.Core.Backup;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora backup incremental</c>: ship the SSTables Cassandra linked into the tables' backups/ directories
/// (incremental_backups: true) as an incremental backup, then remove the shipped links; with --watch, one pass per interval
/// until Ctrl-C or SIGTERM.
/// </summary>
public static class BackupIncrementalCommand
{
    public static Command Create()
    {
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var scyllaYaml = NodeAdapterOptions.ScyllaYaml();
        var location = CommonOptions.Location();
        var tables = BackupCommand.TablesOption();
        var (parallel, cacheDirectory, lockWait) = (BackupCommand.ParallelOption(), BackupCommand.CacheDirectoryOption(), CommonOptions.LockWait());
        var watch = new Option<bool>("--watch") { Description = "Run a pass every --interval until Ctrl-C or SIGTERM; a failed pass is reported and the next one retries." };
        var interval = new Option<string>("--interval") { Description = "Time between passes with --watch (30s, 1m, 1h).", DefaultValueFactory = _ => "1m" };
        var command = new Command("incremental",
            "Back up the SSTables Cassandra hard-linked into the tables' backups/ directories (incremental_backups: true) as an incremental backup, " +
            "then delete exactly the shipped links. Only complete SSTables go (TOC.txt and every component it lists); a restore applies them on top of a snapshot backup.")
        {
            yaml, nodetool, scyllaYaml, location, tables, parallel, cacheDirectory, lockWait, watch, interval,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var request = new IncrementalBackupRequest
            {
                Tables = parse.GetValue(tables),
                Parallelism = parse.GetValue(parallel),
                Lock = CommonOptions.LockOptions(parse.GetValue(lockWait)!),
            };
            request.Validate();
            var every = DurationText.Parse(parse.GetValue(interval)!, "--interval");
            if (every <= TimeSpan.Zero)
            {
                throw new ArgumentException($"--interval {parse.GetValue(interval)}: wait at least 1s between passes.");
            }

            var node = NodeAdapterOptions.Node(parse.GetValue(scyllaYaml), parse.GetValue(yaml)!, parse.GetValue(nodetool)!);
            var repository = await BackupCommand.OpenRepositoryAsync(parse, node, parse.GetValue(location)!, cancellationToken).ConfigureAwait(false);
            var cache = BackupCommand.LoadHashCache(parse.GetValue(cacheDirectory));
            var backup = new IncrementalBackup(node, repository, cache, new ConsoleBackupProgress());
            if (!parse.GetValue(watch))
            {
                var result = await backup.RunAsync(request, cancellationToken).ConfigureAwait(false);
                Report(result);
                if (result.Warnings.Count > 0)
                {
                    throw new IOException($"incremental backup {result.Tag} is complete, but {result.KeptFiles} shipped link(s) stayed in backups/; the first: {result.Warnings[0]}.");
                }

                return;
            }

            Console.WriteLine($"Watching the backups/ directories of node {node.Description}: a pass every {DurationText.Format(every)}; stop with Ctrl-C.");
            var passes = await IncrementalBackupWatch.RunAsync(
                token => backup.RunAsync(request, token),
                every,
                Report,
                failure => Console.Error.WriteLine($"amphora: pass failed, retrying in {DurationText.Format(every)}: {failure.Message}"),
                cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Stopped watching after {passes.ToString(CultureInfo.InvariantCulture)} finished pass(es).");
        }));
        return command;
    }

    public static void Report(IncrementalBackupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var waiting = result.WaitingSSTables == 0 ? string.Empty : $"; {result.WaitingSSTables} incomplete SSTable(s) left for the next pass";
        if (!result.ShippedAnything)
        {
            Console.WriteLine($"Incremental backup of node {result.HostId} (cluster '{result.Cluster}'): nothing new to ship in backups/, nothing written{waiting}.");
            return;
        }

        Console.WriteLine($"Incremental backup {result.Tag} of node {result.HostId} (cluster '{result.Cluster}') is complete in {result.Elapsed.TotalSeconds:0.0} s:");
        Console.WriteLine($"  {result.Tables} tables, {result.Files} files, {SizeText.Format(result.Bytes)}{waiting}");
        Console.WriteLine($"  uploaded {result.UploadedFiles} files, {SizeText.Format(result.UploadedBytes)}; " +
            $"{result.Files - result.UploadedFiles} files ({SizeText.Format(result.Bytes - result.UploadedBytes)}) needed no upload: the location already held their content");
        Console.WriteLine($"  removed {result.RemovedFiles} shipped links ({SizeText.Format(result.RemovedBytes)}) from backups/" +
            (result.KeptFiles == 0 ? string.Empty : $"; kept {result.KeptFiles}"));
        foreach (var warning in result.Warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }
    }
}

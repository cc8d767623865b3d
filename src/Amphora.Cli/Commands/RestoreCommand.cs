using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Restore;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora restore</c>: a node's tables from a backup (in place, live import, sstableloader) or from a local snapshot.</summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var tag = new Argument<string?>("TAG") { Description = "The backup to restore (see 'amphora backups list').", Arity = ArgumentArity.ZeroOrOne };
        var latest = new Option<bool>("--latest") { Description = "Restore the newest complete backup." };
        var location = CommonOptions.Location();
        location.Required = false;
        var cluster = CommonOptions.Cluster();
        var node = new Option<Guid?>("--node") { Description = "Restore this node's backup (host ID); default: the only node, or the one with the target's host ID." };
        var tables = new Option<string?>("--keyspaces", "-K") { Description = "Tables to restore: comma-separated globs, '!' excludes, e.g. -K 'shop.*,!shop.audit'." };
        var inPlace = new Option<bool>("--in-place") { Description = "Node stopped: move its current files of the tables and its commit log aside into a rollback folder, put the backup's files in place." };
        var import = new Option<bool>("--import") { Description = "Node running: stage the files on its disks and load them with nodetool import (4.0+) or refresh (3.x)." };
        var loader = new Option<string?>("--sstableloader") { Description = "Into another cluster: stream each table's staged files with this command, e.g. \"sstableloader -d 10.0.0.1\"." };
        var localSnapshot = new Option<string?>("--from-local-snapshot") { Description = "Load a snapshot still on the node (e.g. dropped-* or truncated-*, see 'amphora snapshots list --auto') into the live table." };
        var rename = new Option<string[]>("--rename") { Description = "Restore ks.t as ks2.t2 (--import and --sstableloader), e.g. --rename shop.orders=shop.orders_restored.", AllowMultipleArgumentsPerToken = false };
        var staging = new Option<string?>("--staging") { Description = "--sstableloader: where files are staged (default: the temp directory)." };
        var loadWith = new Option<string?>("--load-with") { Description = "--import: import or refresh (default: import on Cassandra 4.0+, refresh before)." }.AcceptOnlyFromAmong("import", "refresh");
        var parallel = new Option<int>("--parallel") { Description = "Files downloaded at once.", DefaultValueFactory = _ => 4 };
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var dryRun = CommonOptions.DryRun();
        var command = new Command("restore",
            "Restore a node's tables. Every file is downloaded to a staging directory on the node's own disks and its SHA-256 checked before " +
            "anything is placed; a restore stopped midway downloads only what is missing when run again.")
        {
            tag, latest, location, cluster, node, tables, inPlace, import, loader, localSnapshot, rename, staging, loadWith, parallel, yaml, nodetool, dryRun,
            RestoreRollbackCommands.Rollback(), RestoreRollbackCommands.CleanUp(),
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var target = RestoreTarget.From(Nodes.CassandraYaml.Load(parse.GetValue(yaml)!), CommonOptions.Node(parse.GetValue(yaml)!, parse.GetValue(nodetool)!));
            var filter = new TableFilter(parse.GetValue(tables));
            var modes = new[] { parse.GetValue(inPlace), parse.GetValue(import), parse.GetValue(loader) is not null, parse.GetValue(localSnapshot) is not null };
            if (modes.Count(m => m) != 1)
            {
                throw new ArgumentException("choose how to restore: one of --in-place (node stopped), --import (node running), --sstableloader \"CMD\" or --from-local-snapshot NAME.");
            }

            if (parse.GetValue(localSnapshot) is { } snapshot)
            {
                var loaded = await new LocalSnapshotRestore(target, ConsoleRestoreProgress.Lines())
                    .RunAsync(snapshot, filter, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(parse.GetValue(dryRun) ? $"Dry run: nothing changed." : $"Restored {string.Join(", ", loaded)} from local snapshot {snapshot}.");
                return;
            }

            var (tagValue, useLatest) = (parse.GetValue(tag), parse.GetValue(latest));
            if ((tagValue is null) == !useLatest)
            {
                throw new ArgumentException("name the backup to restore: give a TAG or --latest (not both).");
            }

            var locationValue = parse.GetValue(location) ?? throw new ArgumentException("give the backup location with --location.");
            var repository = await StorageOptions.OpenRepositoryAsync(parse, locationValue, create: false, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(repository);
            var backup = useLatest
                ? await catalog.LatestCompleteAsync(parse.GetValue(cluster), cancellationToken).ConfigureAwait(false)
                : await catalog.FindAsync(tagValue!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            var mode = parse.GetValue(inPlace) ? RestoreMode.InPlace : parse.GetValue(import) ? RestoreMode.Import : RestoreMode.SSTableLoader;
            var targetHostId = mode == RestoreMode.Import && parse.GetValue(node) is null && backup.Nodes.Count > 1
                ? (await target.Node.IdentifyAsync(cancellationToken).ConfigureAwait(false)).HostId
                : (Guid?)null;
            var source = await RestoreSource.SelectAsync(repository, backup, parse.GetValue(node), targetHostId, cancellationToken).ConfigureAwait(false);
            var options = new RestoreOptions
            {
                Mode = mode,
                Tables = filter,
                Renames = RenameMap.Parse(parse.GetValue(rename)),
                StagingDirectory = parse.GetValue(staging),
                LoaderCommand = parse.GetValue(loader),
                LoadWith = parse.GetValue(loadWith),
                Parallelism = parse.GetValue(parallel),
            };
            var plan = RestorePlanner.Plan(source, options, target);
            RestorePlanText.Print(plan, repository.Location);
            if (parse.GetValue(dryRun))
            {
                Console.WriteLine("Dry run: nothing was downloaded or changed.");
                return;
            }

            if (plan.Space.FirstOrDefault(s => !s.IsEnough) is { } full)
            {
                throw new IOException(
                    $"not enough free space for the restore on the filesystem of {full.Directory}: it needs {SizeText.Format(full.Needed)} and has {SizeText.Format(full.Available)}. " +
                    "Free some space (clear old snapshots: 'amphora snapshots list') or restore fewer tables with -K.");
            }

            var staged = await ConsoleRestoreProgress.RunAsync(progress => mode switch
            {
                RestoreMode.InPlace => RunInPlaceAsync(repository, target, progress, plan, options, cancellationToken),
                RestoreMode.Import => new LiveImport(repository, target, progress, options.Parallelism).RunAsync(plan, options.LoadWith, cancellationToken),
                _ => new SSTableLoaderRestore(repository, progress, options.Parallelism).RunAsync(plan, options.LoaderCommand!, cancellationToken),
            }).ConfigureAwait(false);
            Console.WriteLine($"Restored {plan.Tables.Count} table(s) of backup {source.Tag} (node {source.Node.HostId}): " +
                $"downloaded {staged.FilesDownloaded} file(s), {SizeText.Format(staged.BytesDownloaded)}; " +
                $"{staged.FilesReused} file(s), {SizeText.Format(staged.BytesReused)}, were already staged by an earlier run.");
        }));
        return command;
    }

    private static async Task<StagedDownloadResult> RunInPlaceAsync(
        Core.Repository.BackupRepository repository, RestoreTarget target, IRestoreProgress progress, RestorePlan plan, RestoreOptions options, CancellationToken cancellationToken)
    {
        var result = await new InPlaceRestore(repository, target, progress, options.Parallelism).RunAsync(plan, cancellationToken).ConfigureAwait(false);
        progress.Stage($"The node's previous files are in rollback folder {result.Journal.Id}: 'amphora restore rollback' puts them back, " +
            "'amphora restore cleanup' removes them. Start the node to load the restored tables.");
        return result.Staged;
    }
}

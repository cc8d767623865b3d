using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
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
        var cluster = CommonOptions.SourceCluster();
        var clusterTargets = new Option<string?>("--cluster")
        {
            Description = "Restore every node of the backup: a YAML file listing the target nodes (nodes: [{cassandra_yaml, nodetool, source: HOST_ID}]). " +
                "Each node gets its own backup: same host ID, else same datacenter/rack/tokens, else datacenter/rack in token order, or the file's 'source'. Needs --yes.",
        };
        var yes = new Option<bool>("--yes") { Description = "Go ahead with a cluster restore after printing its plan." };
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
        var pointInTime = new PointInTimeRestoreCommand();
        var command = new Command("restore",
            "Restore a node's tables. Every file is downloaded to a staging directory on the node's own disks and its SHA-256 checked before " +
            "anything is placed; a restore stopped midway downloads only what is missing when run again.")
        {
            tag, latest, location, cluster, clusterTargets, yes, node, tables, inPlace, import, loader, localSnapshot, rename, staging, loadWith, parallel, yaml, nodetool, dryRun,
            RestoreRollbackCommands.Rollback(), RestoreRollbackCommands.CleanUp(), RestoreSchemaCommand.Create(), RestoreFinishCommand.Create(),
        };
        foreach (var option in pointInTime.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            // A cluster restore reaches its nodes through the targets file; everything else restores the node of --cassandra-yaml.
            RestoreTarget Target() => RestoreTarget.From(Nodes.CassandraYaml.Load(parse.GetValue(yaml)!), CommonOptions.Node(parse.GetValue(yaml)!, parse.GetValue(nodetool)!));
            var filter = new TableFilter(parse.GetValue(tables));
            var toPoint = parse.GetValue(pointInTime.PointInTime) is not null;
            var modes = new[] { parse.GetValue(inPlace) || toPoint, parse.GetValue(import), parse.GetValue(loader) is not null, parse.GetValue(localSnapshot) is not null };
            if (modes.Count(m => m) != 1)
            {
                throw new ArgumentException("choose how to restore: one of --in-place (node stopped), --point-in-time T (node stopped), --import (node running), " +
                    "--sstableloader \"CMD\" or --from-local-snapshot NAME.");
            }

            if (toPoint)
            {
                if (parse.GetValue(tag) is not null || parse.GetValue(latest) || parse.GetValue(clusterTargets) is not null)
                {
                    throw new ArgumentException("--point-in-time chooses the snapshot itself and restores one node: give no TAG, --latest or --cluster.");
                }

                var pitrRepository = await StorageOptions.OpenRepositoryAsync(
                    parse, parse.GetValue(location) ?? throw new ArgumentException("give the backup location with --location."), create: false, cancellationToken).ConfigureAwait(false);
                var request = pointInTime.Request(parse, filter, parse.GetValue(cluster), parse.GetValue(node), parse.GetValue(parallel));
                await PointInTimeRestoreCommand.RunAsync(request, Target(), parse.GetValue(yaml)!, pitrRepository, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (parse.GetValue(localSnapshot) is { } snapshot)
            {
                var loaded = await new LocalSnapshotRestore(Target(), ConsoleRestoreProgress.Lines())
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
            if (backup.Kind == BackupKind.Incremental)
            {
                throw new ArgumentException($"{backup.Tag} is an incremental backup, which holds only the SSTables flushed after a snapshot: restore with --latest " +
                    "(the newest snapshot and the incrementals after it) or --point-in-time.");
            }

            var mode = parse.GetValue(inPlace) ? RestoreMode.InPlace : parse.GetValue(import) ? RestoreMode.Import : RestoreMode.SSTableLoader;
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
            if (parse.GetValue(clusterTargets) is { } targetsFile)
            {
                await RestoreClusterAsync(repository, backup, targetsFile, options, parse.GetValue(dryRun), parse.GetValue(yes), cancellationToken).ConfigureAwait(false);
                return;
            }

            var target = Target();
            var targetHostId = mode == RestoreMode.Import && parse.GetValue(node) is null && backup.Nodes.Count > 1
                ? (await target.Node.IdentifyAsync(cancellationToken).ConfigureAwait(false)).HostId
                : (Guid?)null;
            var source = await RestoreSource.SelectAsync(repository, backup, parse.GetValue(node), targetHostId, cancellationToken).ConfigureAwait(false);
            // The latest state is the newest snapshot and the incremental SSTables flushed after it.
            var chain = useLatest ? await RestoreChainBuilder.AfterSnapshotAsync(repository, source, cancellationToken).ConfigureAwait(false) : null;
            var plan = RestorePlanner.Plan(chain?.Manifest ?? source, options, target);
            if (chain is not null)
            {
                Console.WriteLine($"Latest state: snapshot {source.Tag} and {chain.Taken.Count} incremental SSTable(s) flushed after it " +
                    $"from {chain.Taken.Select(s => s.Tag).Distinct(StringComparer.Ordinal).Count()} incremental backup(s).");
            }

            RestorePlanText.Print(plan, repository.Location);
            if (parse.GetValue(dryRun))
            {
                Console.WriteLine("Dry run: nothing was downloaded or changed.");
                return;
            }

            var staged = await ConsoleRestoreProgress.RunAsync(progress => NodeRestore.RunAsync(repository, plan, target, options, progress, cancellationToken)).ConfigureAwait(false);
            Report(plan, staged);
        }));
        return command;
    }

    private static async Task RestoreClusterAsync(
        BackupRepository repository, BackupSummary backup, string targetsFile, RestoreOptions options, bool dryRun, bool yes, CancellationToken cancellationToken)
    {
        if (options.Mode == RestoreMode.SSTableLoader)
        {
            throw new ArgumentException("--cluster restores each node in place or by import; to load a backup into another cluster through sstableloader, restore node by node with --node.");
        }

        var targets = ClusterTargetsFile.Load(targetsFile).Nodes
            .Select(n => new ClusterNodeTarget(Nodes.CassandraYaml.Load(n.CassandraYaml), CommonOptions.Node(n.CassandraYaml, n.Nodetool), n.Source))
            .ToList();
        var sources = await new BackupCatalog(repository).ManifestsAsync(backup, null, cancellationToken).ConfigureAwait(false);
        if (!backup.IsComplete)
        {
            throw new ArgumentException($"backup {backup.Tag} is incomplete; a cluster restore needs every node's part (see 'amphora backups list').");
        }

        var mappings = await ClusterRestoreMapping.MapAsync(sources, targets, cancellationToken).ConfigureAwait(false);
        var plans = mappings.Select(m => (Mapping: m, Plan: RestorePlanner.Plan(m.Source, options, m.Target.Target))).ToList();
        Console.WriteLine($"Cluster restore of backup {backup.Tag} ({backup.Cluster}): {mappings.Count} node(s){(options.Mode == RestoreMode.InPlace ? ", seeds first" : string.Empty)}");
        foreach (var (mapping, plan) in plans)
        {
            Console.WriteLine();
            Console.WriteLine($"{mapping.Target.Name}{(mapping.Target.Yaml.IsSeed ? " [seed]" : string.Empty)} <- node {mapping.Source.Node.HostId} " +
                $"({mapping.Source.Node.Datacenter}/{mapping.Source.Node.Rack}): {mapping.Reason}");
            Console.WriteLine($"  targets file entry: source: {mapping.Source.Node.HostId}");
            RestorePlanText.Print(plan, repository.Location);
        }

        if (dryRun)
        {
            Console.WriteLine("Dry run: nothing was downloaded or changed.");
            return;
        }

        if (!yes)
        {
            throw new ArgumentException("a cluster restore changes every node above; check the plan and run again with --yes.");
        }

        foreach (var (mapping, plan) in plans)
        {
            Console.WriteLine($"Restoring {mapping.Target.Name} from node {mapping.Source.Node.HostId}");
            var staged = await ConsoleRestoreProgress.RunAsync(progress => NodeRestore.RunAsync(repository, plan, mapping.Target.Target, options, progress, cancellationToken))
                .ConfigureAwait(false);
            Report(plan, staged);
        }
    }

    private static void Report(RestorePlan plan, StagedDownloadResult staged) =>
        Console.WriteLine($"Restored {plan.Tables.Count} table(s) of backup {plan.Source.Tag} (node {plan.Source.Node.HostId}): " +
            $"downloaded {staged.FilesDownloaded} file(s), {SizeText.Format(staged.BytesDownloaded)}; " +
            $"{staged.FilesReused} file(s), {SizeText.Format(staged.BytesReused)}, were already staged by an earlier run.");
}

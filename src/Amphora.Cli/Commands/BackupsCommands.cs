using Amphora.Core.Configuration;
using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora backups list|show|files|delete|check</c>: what a location holds, removing backups from it, and checking it.</summary>
public static class BackupsCommands
{
    public static Command Create() => new("backups", "List, inspect, delete and check the backups in a location.")
    {
        ListCommand(),
        ShowCommand(),
        FilesCommand(),
        DeleteCommand(),
        CheckCommand(),
    };

    private static Command ListCommand()
    {
        var location = CommonOptions.Location();
        var output = CommonOptions.Output();
        var command = new Command("list", "Backups newest first: tag, kind (snapshot or incremental), nodes, times, status, size, bytes new in the backup, files.")
        {
            location, output,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var backups = await new BackupCatalog(repository).ListAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(backups.Select(b => new
                {
                    b.Tag,
                    b.Cluster,
                    b.Kind,
                    Nodes = b.Nodes.Select(n => new { n.HostId, n.Kind, n.StartedAt, FinishedAt = n.Completion?.FinishedAt, n.IsComplete, n.Completion?.Files, n.Completion?.Bytes, n.Completion?.NewBytes }),
                    b.StartedAt,
                    b.FinishedAt,
                    b.IsComplete,
                    b.Bytes,
                    b.NewBytes,
                    b.Files,
                }));
                return;
            }

            PrintList(backups, repository.Location);
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        var (tag, location, cluster, output) = (TagArgument(), CommonOptions.Location(), CommonOptions.Cluster(), CommonOptions.Output());
        var command = new Command("show", "One backup per node, keyspace and table: SSTables, files, size.") { tag, location, cluster, output };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var (backup, manifests) = await LoadAsync(parse, parse.GetValue(location)!, parse.GetValue(tag)!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(manifests.Select(m => new
                {
                    m.Tag,
                    m.Kind,
                    m.Node,
                    m.StartedAt,
                    m.FinishedAt,
                    Tables = m.Tables.Select(t => new { t.Keyspace, t.Table, t.TableId, SSTables = SSTableCount(t), Files = t.Files.Count, Bytes = t.Files.Sum(f => f.Size) }),
                }));
                return;
            }

            Console.WriteLine($"Backup {backup.Tag} of cluster '{backup.Cluster}': {backup.Kind}, {(backup.IsComplete ? "complete" : "INCOMPLETE")}, " +
                $"{backup.Nodes.Count} node(s), {SizeText.Format(backup.Bytes)}, {SizeText.Format(backup.NewBytes)} new");
            foreach (var manifest in manifests)
            {
                var node = manifest.Node;
                Console.WriteLine($"\nNode {node.HostId} ({node.Datacenter}/{node.Rack}, Cassandra {node.CassandraVersion}, {node.Tokens.Count} tokens), " +
                    $"{TimeText.Format(manifest.StartedAt)} to {TimeText.Format(manifest.FinishedAt)}");
                var table = new TextTable("KEYSPACE", "TABLE", "TABLE ID", "SSTABLES", "FILES", "SIZE");
                foreach (var t in manifest.Tables)
                {
                    table.Add(t.Keyspace, t.Table, t.TableId ?? "-", SSTableCount(t).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        t.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), SizeText.Format(t.Files.Sum(f => f.Size)));
                }

                Console.Write(table);
            }

            foreach (var missing in backup.Nodes.Where(n => manifests.All(m => m.Node.HostId != n.HostId)))
            {
                Console.WriteLine($"\nNode {missing.HostId}: no manifest (the backup started {TimeText.Format(missing.StartedAt)} and did not finish)");
            }
        }));
        return command;
    }

    private static Command FilesCommand()
    {
        var (tag, location, cluster, output) = (TagArgument(), CommonOptions.Location(), CommonOptions.Cluster(), CommonOptions.Output());
        var command = new Command("files", "Every file of a backup: node, path under the data directory, size, SHA-256.") { tag, location, cluster, output };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var (_, manifests) = await LoadAsync(parse, parse.GetValue(location)!, parse.GetValue(tag)!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            var files = manifests.SelectMany(m => m.Tables.SelectMany(t => t.Files.Select(f => new
            {
                m.Node.HostId,
                Path = $"{t.Keyspace}/{t.Table}{(t.TableId is null ? string.Empty : "-" + t.TableId)}/{f.Path}",
                f.DataDirectory,
                f.Size,
                f.Hash,
                f.SSTable,
            }))).ToList();
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(files);
                return;
            }

            foreach (var f in files)
            {
                Console.WriteLine($"{f.HostId}  {f.Path}  {f.Size}  {f.Hash}");
            }
        }));
        return command;
    }

    private static Command DeleteCommand()
    {
        var (tag, location, cluster) = (TagArgument(), CommonOptions.Location(), CommonOptions.Cluster());
        var node = new Option<Guid?>("--node") { Description = "Delete only this node's part (host ID)." };
        var (dryRun, lockWait) = (CommonOptions.DryRun(), CommonOptions.LockWait());
        var command = new Command("delete", "Delete a backup; content other backups still reference stays.") { tag, location, cluster, node, dryRun, lockWait };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var backup = await new BackupCatalog(repository).FindAsync(parse.GetValue(tag)!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            var parts = backup.Nodes.Where(n => parse.GetValue(node) is not { } host || n.HostId == host).ToList();
            if (parts.Count == 0)
            {
                throw new ArgumentException($"backup {backup.Tag} has no part from node {parse.GetValue(node)}; its nodes are {string.Join(", ", backup.Nodes.Select(n => n.HostId))}.");
            }

            var plan = await new BackupDeletion(repository, CommonOptions.LockOptions(parse.GetValue(lockWait)!))
                .DeleteAsync(parts, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
            PrintPlan(plan);
        }));
        return command;
    }

    private static Command CheckCommand()
    {
        var (location, output, lockWait) = (CommonOptions.Location(), CommonOptions.Output(), CommonOptions.LockWait());
        var orphans = new Option<bool>("--orphans") { Description = "List content no backup references (key, size, age)." };
        var deleteOrphans = new Option<bool>("--delete-orphans")
        {
            Description = "Delete content no backup references and older than --grace, under the exclusive lock (waits for running backups). Implies --orphans.",
        };
        var grace = CommonOptions.Grace("Orphaned content younger than this is never deleted (a failed backup retried soon re-uses it).");
        var noHash = new Option<bool>("--no-hash") { Description = "Check only that content exists with the right sizes; read no content." };
        var parallel = new Option<int>("--parallel") { Description = "Content objects hashed at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("check",
            "Check every backup's content: missing or wrong-size content, content whose SHA-256 does not match its key, unreadable manifests; " +
            "report orphaned content. Exit code 3 when a problem is found.")
        {
            location, orphans, deleteOrphans, grace, noHash, parallel, output, lockWait,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            if (parse.GetValue(parallel) < 1)
            {
                throw new ArgumentException($"--parallel {parse.GetValue(parallel)}: hash at least 1 object at a time.");
            }

            var orphanGrace = DurationText.Parse(parse.GetValue(grace)!, "--grace");
            var lockOptions = CommonOptions.LockOptions(parse.GetValue(lockWait)!);
            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var check = new RepositoryCheck(repository, new ConsoleCheckProgress());
            var options = new CheckOptions { VerifyHashes = !parse.GetValue(noHash), Parallelism = parse.GetValue(parallel), OrphanGrace = orphanGrace };
            var report = await check.RunAsync(options, cancellationToken).ConfigureAwait(false);
            try
            {
                if (parse.GetValue(deleteOrphans))
                {
                    report = report with { OrphanDeletion = await check.DeleteOrphansAsync(orphanGrace, lockOptions, cancellationToken).ConfigureAwait(false) };
                }
            }
            finally
            {
                // Also when the lock could not be had: the check's findings are printed before the error.
                if (parse.GetValue(output) == "json")
                {
                    JsonOutput.Write(report);
                }
                else
                {
                    CheckReportText.Write(report, listOrphans: parse.GetValue(orphans) || parse.GetValue(deleteOrphans));
                }
            }

            if (report.HasProblems)
            {
                await Console.Error.WriteLineAsync($"amphora: {report.Problems.Count} problem(s) found in {report.Location}; the first: {report.Problems[0].Message}").ConfigureAwait(false);
                return CliErrors.ProblemsFound;
            }

            return CliErrors.Success;
        }));
        return command;
    }

    public static void PrintList(IReadOnlyList<BackupSummary> backups, string location)
    {
        ArgumentNullException.ThrowIfNull(backups);
        if (backups.Count == 0)
        {
            Console.WriteLine($"{location} holds no backups.");
            return;
        }

        var table = new TextTable("TAG", "KIND", "CLUSTER", "NODES", "STARTED", "FINISHED", "STATUS", "SIZE", "NEW", "FILES");
        foreach (var b in backups)
        {
            table.Add(b.Tag, b.Kind, b.Cluster, NodesText(b), TimeText.Format(b.StartedAt), TimeText.Format(b.FinishedAt), b.IsComplete ? "complete" : "INCOMPLETE",
                SizeText.Format(b.Bytes), SizeText.Format(b.NewBytes), b.Files.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.Write(table);
    }

    public static void PrintPlan(DeletionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var verb = plan.DryRun ? "Would delete" : "Deleted";
        foreach (var part in plan.NodeBackups)
        {
            Console.WriteLine($"{verb} backup {part.Tag} of node {part.HostId} ({part.Kind}, cluster '{part.Cluster}', {(part.IsComplete ? "complete" : "incomplete")})");
        }

        Console.WriteLine($"{verb} {plan.NodeBackups.Count} node backup(s) and {plan.ContentKeys.Count} content object(s), {SizeText.Format(plan.ContentBytes)} " +
            "no remaining backup references.");
    }

    private static Argument<string> TagArgument() => new("TAG") { Description = "The backup's tag (see 'amphora backups list')." };

    private static async Task<(BackupSummary Backup, IReadOnlyList<NodeManifest> Manifests)> LoadAsync(
        ParseResult parse, string location, string tag, string? cluster, CancellationToken cancellationToken)
    {
        var repository = await StorageOptions.OpenRepositoryAsync(parse, location, create: false, cancellationToken).ConfigureAwait(false);
        var catalog = new BackupCatalog(repository);
        var backup = await catalog.FindAsync(tag, cluster, cancellationToken).ConfigureAwait(false);
        return (backup, await catalog.ManifestsAsync(backup, null, cancellationToken).ConfigureAwait(false));
    }

    private static string NodesText(BackupSummary backup) =>
        backup.Nodes.Count == 1 ? backup.Nodes[0].HostId.ToString("D")[..8] : $"{backup.Nodes.Count} nodes";

    private static int SSTableCount(TableEntry table) =>
        table.Files.Where(f => f.SSTable is not null).Select(f => f.SSTable!.Id).Distinct(StringComparer.Ordinal).Count();
}

using Amphora.Core.Configuration;
using System.CommandLine;
using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora restore rollback|cleanup</c>: undo an in-place restore, or remove rollback folders when asked to.</summary>
public static class RestoreRollbackCommands
{
    public static Command Rollback()
    {
        var id = new Option<string?>("--id") { Description = "The restore to undo (default: the newest); see 'amphora restore cleanup --list'." };
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var command = new Command("rollback",
            "Undo an in-place restore on the stopped node: remove the restored files and move the node's previous files and commit log back.")
        {
            id, yaml, nodetool,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var target = Target(parse, yaml, nodetool);
            var rollback = new RestoreRollback(target);
            var journal = rollback.Find(parse.GetValue(id));
            var result = await rollback.RollBackAsync(journal, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Rolled back restore {journal.Id}: removed {journal.Placed.Count} restored file(s), moved {result.MovedBack} file(s) back.");
            // A point-in-time restore's settings would otherwise replay its segments over the files just put back.
            var propertiesPath = CommitLogArchivingProperties.PathBeside(parse.GetValue(yaml)!);
            var finished = await new RestoreFinish(target).RunAsync(propertiesPath, force: true, cancellationToken).ConfigureAwait(false);
            if (finished.RemovedSettings.Count > 0)
            {
                Console.WriteLine($"Removed the point-in-time restore settings ({string.Join(", ", finished.RemovedSettings)}) from {propertiesPath}.");
            }
            if (result.KeptIn is not null)
            {
                Console.WriteLine($"{result.KeptFiles} file(s) the node wrote after the restore were moved to {result.KeptIn}; remove them with 'amphora restore cleanup --id {journal.Id}'.");
            }
        }));
        return command;
    }

    public static Command CleanUp()
    {
        var id = new Option<string?>("--id") { Description = "Remove this restore's rollback folders." };
        var olderThan = new Option<string?>("--older-than") { Description = "Remove the rollback folders of restores older than this (e.g. 7d)." };
        var list = new Option<bool>("--list") { Description = "Only list the rollback folders." };
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var command = new Command("cleanup",
            "Remove rollback folders of finished in-place restores (the node's data from before them). Nothing is removed unless --id or --older-than says so.")
        {
            id, olderThan, list, yaml, nodetool,
        };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            var target = Target(parse, yaml, nodetool);
            if (parse.GetValue(list))
            {
                foreach (var journal in RollbackJournal.FindAll(target.DataDirectories))
                {
                    Console.WriteLine($"{journal.Id}\t{journal.State}\tbackup {journal.Tag}\t{journal.Moved.Count} file(s) moved aside\t{journal.CreatedAt:u}");
                }

                return Task.CompletedTask;
            }

            var (idValue, age) = (parse.GetValue(id), parse.GetValue(olderThan));
            if ((idValue is null) == (age is null))
            {
                throw new ArgumentException("say which rollback folders to remove: --id ID or --older-than AGE (e.g. 7d); --list shows them.");
            }

            var removed = new RestoreRollback(target).CleanUp(idValue, age is null ? null : DurationText.Parse(age, "--older-than"), DateTimeOffset.UtcNow);
            Console.WriteLine(removed.Count == 0
                ? "No rollback folder matched; nothing removed."
                : $"Removed the rollback folders of {string.Join(", ", removed.Select(j => j.Id))}.");
            return Task.CompletedTask;
        }));
        return command;
    }

    private static RestoreTarget Target(ParseResult parse, Option<string> yaml, Option<string> nodetool) =>
        RestoreTarget.From(Nodes.CassandraYaml.Load(parse.GetValue(yaml)!), CommonOptions.Node(parse.GetValue(yaml)!, parse.GetValue(nodetool)!));
}

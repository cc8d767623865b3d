using System.CommandLine;
using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora restore finish</c>: after the node replayed a point-in-time restore, remove the restore settings.</summary>
public static class RestoreFinishCommand
{
    public static Command Create()
    {
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var force = new Option<bool>("--force") { Description = "Remove the settings even though the node is not running (its replay is then abandoned)." };
        var command = new Command("finish",
            "After a point-in-time restore, once the node has started and replayed: remove the restore settings from commitlog_archiving.properties " +
            "(the archive command stays) and the staged segments.")
        {
            yaml, nodetool, force,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var cassandraYaml = parse.GetValue(yaml)!;
            var target = RestoreTarget.From(Nodes.CassandraYaml.Load(cassandraYaml), CommonOptions.Node(cassandraYaml, parse.GetValue(nodetool)!));
            var propertiesPath = CommitLogArchivingProperties.PathBeside(cassandraYaml);
            var result = await new RestoreFinish(target).RunAsync(propertiesPath, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(result.RemovedSettings.Count == 0
                ? $"Nothing to finish: {propertiesPath} holds no restore settings."
                : $"Removed {string.Join(", ", result.RemovedSettings)} from {propertiesPath}; deleted {string.Join(", ", result.DeletedDirectories.DefaultIfEmpty("no staged segments"))}. " +
                  "Remove any -Dcassandra.replayList option before the next restart, and run a repair of the restored tables.");
        }));
        return command;
    }
}

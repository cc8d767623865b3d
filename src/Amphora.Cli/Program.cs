using System.CommandLine;
using Amphora.Cli.Commands;

namespace Amphora.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The sandbox's bin/nodetool, bin/cqlsh and bin/sstableloader speak their tools' own grammars, so their words bypass this parser.
        if (args is ["sandbox", var tool, ..] && SandboxToolCommand.IsTool(tool))
        {
            return SandboxToolCommand.Run(tool, args[2..]);
        }

        // Cassandra runs archive_command for every finished segment: answer it before building the command tree.
        if (args is ["commitlog", "archive", ..] && CommitLogCommands.TryArchiveDirectly(args[2..]) is { } archived)
        {
            return archived;
        }

        var root = new RootCommand("Amphora: backup, restore and point-in-time recovery for Cassandra, DSE and ScyllaDB.")
        {
            DemoCommand.Create(),
            BackupCommand.Create(),
            AgentCommand.Create(),
            BackupsCommands.Create(),
            PurgeCommand.Create(),
            SnapshotsCommands.Create(),
            SSTableCommands.Create(),
            VerifyCommand.Create(),
            RestoreCommand.Create(),
            LocationCommands.Create(),
            CommitLogCommands.Create(),
            SandboxCommands.Create(),

            // The agent client and the run orchestration arrive with the agent and runner branches.
            ServerCommand.Create(),
            ClusterCommands.Create(),
            TaskCommands.Create(),
            StorageOptions.Config,
            StorageOptions.RateLimit,
        };
        // No @file response files: '@daily' is a cron shorthand, not a file to read arguments from.
        var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
        return await root.Parse(args, parsing).InvokeAsync().ConfigureAwait(false);
    }
}

using System.CommandLine;
using Amphora.Agent;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora agent --config FILE</c>: the node's agent for the manager server, until SIGINT or SIGTERM.</summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent",
            "Run this node's agent: backups, incremental backups, commit log shipping and snapshots for the Amphora server, over HTTPS with a bearer token. " +
            "--config names the agent's YAML file (listen, token_file, tls, node, storage).");
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var path = parse.GetValue(StorageOptions.Config)
                ?? throw new ArgumentException("amphora agent needs --config FILE: the agent's YAML file (listen, token_file, tls, node, storage).");
            var config = AgentConfig.Load(path, Environment.GetEnvironmentVariable);
            await using var host = await AgentHost.StartAsync(config, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Amphora agent listening on https://{host.BoundTo}");
            Console.WriteLine($"Certificate SHA-256 fingerprint: {host.Fingerprint}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping: running jobs are cancelled; nothing they did is marked complete.");
            }
        }));
        return command;
    }
}

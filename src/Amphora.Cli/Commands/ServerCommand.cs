using System.CommandLine;
using Amphora.Server;
using Amphora.Server.Configuration;
using Amphora.Server.Runs;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora server --config FILE</c>: the manager server, until Ctrl+C or SIGTERM (runs in progress continue on the next start).</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var command = new Command("server", "Run the Amphora manager server: REST API, OpenAPI document, /metrics, scheduled backup tasks.");
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var path = parse.GetValue(StorageOptions.Config)
                ?? throw new ArgumentException("give the server's config file: amphora server --config /etc/amphora/server.yaml (listen, token, database, storage).");
            var config = ServerConfig.Load(path, Environment.GetEnvironmentVariable);
            var server = await AmphoraServer.StartAsync(config, new AgentConnectorFactory(), BackupRunner.FromServices, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                Console.WriteLine($"Amphora server listening on {server.Address} (state in {config.SqlitePath}{(config.Token is null ? ", no token required" : string.Empty)}).");
                // Ctrl+C or SIGTERM: the host's lifetime or the command line's cancellation, whichever comes first.
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return CliErrors.Success;
        }));
        return command;
    }
}

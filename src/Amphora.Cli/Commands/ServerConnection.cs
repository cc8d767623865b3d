using System.CommandLine;
using Amphora.Api.Server;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>--server URL</c> and <c>--server-token</c>, shared by the cluster and task commands: which Amphora server they drive
/// (default $AMPHORA_SERVER, else http://127.0.0.1:5080) and its bearer token (default $AMPHORA_SERVER_TOKEN).
/// </summary>
public sealed class ServerConnection
{
    private const string DefaultServer = "http://127.0.0.1:5080";

    public Option<string?> Server { get; } = new("--server") { Description = "The Amphora server's URL (default $AMPHORA_SERVER, else " + DefaultServer + ")." };

    public Option<string?> Token { get; } = new("--server-token") { Description = "The server's bearer token (default $AMPHORA_SERVER_TOKEN)." };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Server);
        command.Add(Token);
    }

    public ServerClient Open(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("AMPHORA_SERVER") ?? DefaultServer;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--server '{text}' is not an http:// or https:// URL, e.g. {DefaultServer}.");
        }

        return new ServerClient(server, parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("AMPHORA_SERVER_TOKEN"));
    }
}

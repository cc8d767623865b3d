using Amphora.Api.Server;
using Amphora.Server;
using Amphora.Server.Configuration;
using Amphora.Server.Scheduling;
using Amphora.Server.State;
using Amphora.Server.Tasks;
using Amphora.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Amphora.Tests.Server.Support;

/// <summary>
/// A real server on 127.0.0.1 (a free port), its SQLite file in a temp dir, fake agents and runner, a manual clock, and the
/// typed client. Scheduling is driven by <see cref="TickAsync"/> so each decision is the test's to observe.
/// </summary>
public sealed class ServerBench : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private ServerBench(string? token) => Token = token;

    public FakeAgentConnectorFactory Agents { get; } = new();

    public FakeBackupRunner Runner { get; } = new();

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    public string? Token { get; }

    public string DatabasePath => Path.Combine(_directory.Path, "server.db");

    public AmphoraServer Server { get; private set; } = null!;

    public ServerClient Client { get; private set; } = null!;

    public IServerStore Store => Server.Services.GetRequiredService<IServerStore>();

    public RunCoordinator Runs => Server.Services.GetRequiredService<RunCoordinator>();

    public static async Task<ServerBench> StartAsync(string? token = null, bool scheduling = false)
    {
        var bench = new ServerBench(token);
        await bench.StartServerAsync(scheduling).ConfigureAwait(false);
        return bench;
    }

    /// <summary>Stops the server (as a shutdown would) and starts another on the same database.</summary>
    public async Task RestartAsync(bool scheduling = false)
    {
        Client.Dispose();
        await Server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        await StartServerAsync(scheduling).ConfigureAwait(false);
    }

    public Task TickAsync() => Server.Services.GetRequiredService<BackupScheduler>().TickAsync(CancellationToken.None);

    public Task RecoverAsync() => Server.Services.GetRequiredService<BackupScheduler>().RecoverAsync(CancellationToken.None);

    /// <summary>Registers a cluster with one fake agent per datacenter given (agents 127.0.0.1:7001, :7002...).</summary>
    public async Task<ClusterInfo> AddClusterAsync(string name, params string[] datacenters)
    {
        var agents = new List<string>();
        foreach (var (datacenter, i) in datacenters.Select((dc, i) => (dc, i)))
        {
            var agent = $"{name}-agent{i + 1}:7000";
            Agents.Add(agent, FakeAgentConnectorFactory.Node(datacenter, "cluster " + name));
            agents.Add(agent);
        }

        return await Client.AddClusterAsync(new ClusterRegistration { Name = name, Agents = agents, Token = "agent-token" }, CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>Waits (without a time limit of its own; xunit's hang protection applies) for the next run to start.</summary>
    public async Task<FakeBackupRunner.PendingRun> NextStartedRunAsync()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Runner.Started.ReadAsync(hang.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private async Task StartServerAsync(bool scheduling)
    {
        Server = await AmphoraServer.StartAsync(ServerConfig.Local(DatabasePath, Token), Agents, _ => Runner, Time, scheduling).ConfigureAwait(false);
        Client = new ServerClient(Server.Address, Token);
    }
}

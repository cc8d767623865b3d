using System.Globalization;
using Amphora.Api.Server;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cluster;

/// <summary>
/// Everything of a managed deployment on 127.0.0.1, as real processes: a sandbox cluster, one <c>amphora agent</c> per node,
/// and <c>amphora server</c> with its SQLite state. The CLI drives the server through its REST API.
/// </summary>
public sealed class ManagedClusterBench : IAsyncDisposable
{
    public const string AgentToken = "agent-token-0123456789";
    public const string ServerToken = "server-token-0123456789";

    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, (int Port, string Config)> _agentConfigs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedProcess> _agents = new(StringComparer.Ordinal);
    private readonly List<SandboxHarness> _sandboxes = [];
    private ManagedProcess? _server;

    public ServerClient Client { get; private set; } = null!;

    public string Root => _directory.Path;

    public static async Task<ManagedClusterBench> StartServerAsync()
    {
        var bench = new ManagedClusterBench();
        var config = Path.Combine(bench.Root, "server.yaml");
        File.WriteAllText(config, $"listen: 127.0.0.1:{SandboxHarness.FreePort()}\ntoken: {ServerToken}\ndatabase:\n  sqlite: {Path.Combine(bench.Root, "server.db")}\n");
        bench._server = await ManagedProcess.StartAsync("server", "--config", config);
        var address = bench._server.ListeningLine.Split(' ')[4];
        bench.Client = new ServerClient(new Uri(address), ServerToken);
        return bench;
    }

    /// <summary>Agents only, for tests that drive the run orchestration in process.</summary>
    public static ManagedClusterBench WithoutServer() => new();

    public SandboxHarness AddSandbox(SandboxHarness sandbox)
    {
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    /// <summary>Writes the agent's config for the sandbox node (nodetool or, for Scylla nodes, the REST API) and starts it; returns host:port.</summary>
    public async Task<string> StartAgentAsync(SandboxHarness sandbox, string node)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var key = $"{sandbox.Path}/{node}";
        if (!_agentConfigs.TryGetValue(key, out var agent))
        {
            var port = SandboxHarness.FreePort();
            var home = sandbox.Node(node).Directory;
            var scyllaYaml = Path.Combine(home, "conf", "scylla.yaml");
            var nodeSection = File.Exists(scyllaYaml)
                ? $"  scylla_yaml: {scyllaYaml}\n"
                : $"  cassandra_yaml: {Path.Combine(home, "conf", "cassandra.yaml")}\n  nodetool: {sandbox.NodetoolPath(node)}\n";
            var config = Path.Combine(Root, $"agent-{_agentConfigs.Count + 1}.yaml");
            File.WriteAllText(config, $"listen: 127.0.0.1:{port}\ntoken: {AgentToken}\nstate_directory: {Path.Combine(Root, $"agent-{_agentConfigs.Count + 1}")}\nnode:\n{nodeSection}");
            agent = (port, config);
            _agentConfigs[key] = agent;
        }

        _agents[key] = await ManagedProcess.StartAsync("agent", "--config", agent.Config);
        return $"127.0.0.1:{agent.Port}";
    }

    public Task KillAgentAsync(SandboxHarness sandbox, string node) => _agents[$"{sandbox.Path}/{node}"].KillAsync();

    public ManagedProcess Agent(SandboxHarness sandbox, string node) => _agents[$"{sandbox.Path}/{node}"];

    /// <summary>The CLI against this server.</summary>
    public ProcessRunner.Result Cli(params string[] arguments) =>
        CliBench.Amphora([.. arguments, "--server", Client.Server.ToString(), "--server-token", ServerToken]);

    public string CliOk(params string[] arguments) => CliBench.Ok(Cli(arguments));

    /// <summary>Polls until the task's newest run satisfies the condition; fails with the run and the server's output after two minutes.</summary>
    public async Task<RunInfo> WaitForRunAsync(string cluster, string task, Func<RunInfo, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        RunInfo? run = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                run = await Client.ProgressAsync(cluster, task, CancellationToken.None);
                if (condition(run))
                {
                    return run;
                }
            }
            catch (ServerRefusedException)
            {
                // No run yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"waited two minutes for {what}; newest run: {System.Text.Json.JsonSerializer.Serialize(run)}\nserver output:\n{_server!.Output}");
        return run!;
    }

    public static string Invariant(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var agent in _agents.Values)
        {
            await agent.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (var sandbox in _sandboxes)
        {
            foreach (var node in sandbox.Cluster.Nodes)
            {
                if (node.IsRunning)
                {
                    node.Stop();
                }
            }

            sandbox.Dispose();
        }

        _directory.Dispose();
    }
}

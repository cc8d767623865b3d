using System.Net;
using System.Net.Sockets;
using Amphora.Agent;
using Amphora.Api.Agent;
using Amphora.Tests.Support;

namespace Amphora.Tests.Agent;

/// <summary>
/// A sandbox node with a real agent in process on 127.0.0.1 (HTTPS, a free port), its config file written as an operator
/// would, and a file: location in a temp dir.
/// </summary>
public sealed class AgentBench : IAsyncDisposable
{
    public const string Token = "agent-test-token-0123456789abcdef";

    private readonly List<AgentClient> _clients = [];

    public AgentBench(bool incrementalBackups = false)
    {
        Backup = new BackupBench(incrementalBackups: incrementalBackups);
        Work = new TempDirectory();
        StateDirectory = Path.Combine(Work.Path, "state");
        ConfigPath = Path.Combine(Work.Path, "agent.yaml");
    }

    public BackupBench Backup { get; }

    public SandboxHarness Sandbox => Backup.Sandbox;

    public TempDirectory Work { get; }

    public string StateDirectory { get; }

    public string ConfigPath { get; }

    public string Location => "file:" + Backup.Location;

    public AgentHost? Host { get; private set; }

    public string Address => $"127.0.0.1:{Host!.BoundTo.Port}";

    public string CertificateFile => Path.Combine(StateDirectory, AgentCertificate.CertificateFileName);

    /// <summary>Writes the config (a fixed free port, so a restarted agent keeps its address) and starts the agent.</summary>
    public async Task<AgentHost> StartAsync(string? extraYaml = null)
    {
        if (!File.Exists(ConfigPath))
        {
            var cassandraYaml = Path.Combine(Sandbox.Node().Directory, "conf", "cassandra.yaml");
            await File.WriteAllTextAsync(ConfigPath, $"""
                listen: 127.0.0.1:{FreePort()}
                token: {Token}
                state_directory: {StateDirectory}
                cache_directory: {Path.Combine(Work.Path, "cache")}
                node:
                  cassandra_yaml: {cassandraYaml}
                  nodetool: {Sandbox.NodetoolPath()}
                {extraYaml}
                """);
        }

        Host = await AgentHost.StartAsync(AgentConfig.Load(ConfigPath, _ => null), CancellationToken.None);
        return Host;
    }

    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
    }

    /// <summary>A client pinned to the agent's own certificate (as the server pins a self-signed agent).</summary>
    public AgentClient Client(string token = Token, AgentPin? pin = null) =>
        Track(new AgentClient(Address, token, pin ?? AgentPin.Certificate(File.ReadAllText(CertificateFile))));

    public HttpClient RawHttp()
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Address}/") };
    }

    /// <summary>Polls the job until it has ended (each poll is a real request; no time limit is asserted).</summary>
    public static async Task<JobStatus> WaitAsync(IAgentApi client, string id, Func<JobStatus, bool>? until = null)
    {
        until ??= status => JobState.IsEnded(status.State);
        while (true)
        {
            var status = await client.JobAsync(id, CancellationToken.None);
            if (until(status) || JobState.IsEnded(status.State))
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    public static TransferCounters Total(JobStatus status) => status.Tables.Aggregate(new TransferCounters(), (sum, t) => new TransferCounters
    {
        Files = sum.Files + t.Counters.Files,
        Bytes = sum.Bytes + t.Counters.Bytes,
        UploadedFiles = sum.UploadedFiles + t.Counters.UploadedFiles,
        UploadedBytes = sum.UploadedBytes + t.Counters.UploadedBytes,
        SkippedFiles = sum.SkippedFiles + t.Counters.SkippedFiles,
        SkippedBytes = sum.SkippedBytes + t.Counters.SkippedBytes,
        FailedFiles = sum.FailedFiles + t.Counters.FailedFiles,
        FailedBytes = sum.FailedBytes + t.Counters.FailedBytes,
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await StopAsync();
        Backup.Dispose();
        Work.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private AgentClient Track(AgentClient client)
    {
        _clients.Add(client);
        return client;
    }
}

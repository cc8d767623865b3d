using Amphora.Api.Agent;
using Amphora.Api.Metrics;
using Amphora.Api.Server;
using Amphora.Core.Repository;
using Amphora.Server.Runs;
using Amphora.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cluster;

/// <summary>The run orchestration in process against a real agent process, for faults the end-to-end test cannot time: a hung agent.</summary>
public sealed class BackupRunnerTests
{
    [Fact]
    public async Task An_agent_that_hangs_mid_upload_fails_the_run_instead_of_hanging_it()
    {
        await using var bench = ManagedClusterBench.WithoutServer();
        var sandbox = bench.AddSandbox(new SandboxHarness());
        sandbox.Write("shop.orders", 2000, valueSize: 512);
        var address = await bench.StartAgentAsync(sandbox, "node1");
        var connector = new AgentConnectorFactory().Create(ManagedClusterBench.AgentToken, null, new Dictionary<string, string>());
        var node = await connector.Connect(address).NodeAsync(CancellationToken.None);
        var context = new BackupRunContext(
            new ClusterInfo
            {
                Name = "prod",
                ClusterName = node.Cluster,
                Suspended = false,
                DiscoveredAt = DateTimeOffset.UtcNow,
                Nodes = [new ClusterNodeInfo
                {
                    Agent = address, HostId = node.HostId, Address = node.Address, Datacenter = node.Datacenter, Rack = node.Rack,
                    Tokens = node.Tokens, Version = node.Version, Flavour = node.Flavour,
                }],
            },
            new TaskInfo
            {
                Id = Guid.NewGuid(),
                Cluster = "prod",
                Name = "nightly",
                Kind = "backup",
                Enabled = true,
                Spec = new BackupTaskSpec { Locations = "file:" + Path.Combine(bench.Root, "location"), RateLimit = "0.05", Transfers = 1 },
            },
            connector);
        var runner = new BackupRunner(
            new RunParts(StorageSettings.Default),
            new RunRetention(StorageSettings.Default, new LockOptions()),
            new ServerMetrics(new MetricsRegistry(), TimeProvider.System),
            TimeProvider.System)
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            PollAttempts = 2,
            RequestTimeout = TimeSpan.FromSeconds(2),
        };

        var uploading = new TaskCompletionSource();
        var running = runner.RunAsync(context, runner.NewRun(context, DateTimeOffset.UtcNow), (saved, _) =>
        {
            if (saved.Nodes[0].Totals.DoneFiles > 0)
            {
                uploading.TrySetResult();
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        await uploading.Task.WaitAsync(TimeSpan.FromMinutes(2));
        bench.Agent(sandbox, "node1").Signal("STOP");
        RunInfo ended;
        try
        {
            ended = await running.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            bench.Agent(sandbox, "node1").Signal("CONT");
        }

        Assert.Equal(RunStatus.Failed, ended.Status);
        Assert.Equal(NodeStage.Failed, ended.Nodes[0].Stage);
        Assert.Contains($"agent {address}: no answer within 2s", ended.Error, StringComparison.Ordinal);
    }
}

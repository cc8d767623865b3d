using Amphora.Api.Agent;
using Amphora.Server.Runs;

namespace Amphora.Tests.Server.Support;

/// <summary>
/// Stands in for the real agent connector until the end-to-end test replaces it: each agent address answers NodeAsync with
/// the node it was given, or fails as told; every other agent call is unsupported here.
/// </summary>
public sealed class FakeAgentConnectorFactory : IAgentConnectorFactory
{
    private readonly Dictionary<string, Func<AgentNodeInfo>> _agents = new(StringComparer.Ordinal);

    public List<(string Token, string? Ca)> Created { get; } = [];

    public static AgentNodeInfo Node(string datacenter, string cluster = "Test Cluster") => new()
    {
        Cluster = cluster,
        Datacenter = datacenter,
        Rack = "rack1",
        HostId = Guid.NewGuid(),
        Address = "127.0.0.1",
        Tokens = ["-9000", "0"],
        Version = "5.0.2",
        Flavour = "cassandra",
        Adapter = "nodetool",
        DataDirectories = ["/data"],
        Keyspaces = ["shop"],
        AgentVersion = "test",
    };

    public FakeAgentConnectorFactory Add(string agent, AgentNodeInfo node)
    {
        _agents[agent] = () => node;
        return this;
    }

    public FakeAgentConnectorFactory Failing(string agent, string message)
    {
        _agents[agent] = () => throw new HttpRequestException(message);
        return this;
    }

    public IAgentConnector Create(string token, string? caCertificatePem, IDictionary<string, string> fingerprints)
    {
        lock (Created)
        {
            Created.Add((token, caCertificatePem));
        }

        return new Connector(this, fingerprints);
    }

    private sealed class Connector(FakeAgentConnectorFactory factory, IDictionary<string, string> fingerprints) : IAgentConnector
    {
        public IAgentApi Connect(string agent)
        {
            if (fingerprints is IDictionary<string, string> learned)
            {
                lock (learned)
                {
                    learned.TryAdd(agent, "sha256:" + agent);
                }
            }

            return new Agent(factory._agents.TryGetValue(agent, out var node) ? node : () => throw new HttpRequestException($"Connection refused ({agent})"));
        }
    }

    private sealed class Agent(Func<AgentNodeInfo> node) : IAgentApi
    {
        public Task<AgentNodeInfo> NodeAsync(CancellationToken cancellationToken) => Task.FromResult(node());

        public Task TakeSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ClearSnapshotAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LocalSnapshotInfo>> SnapshotsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BackupPlan> PlanBackupAsync(BackupPlanRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> StartBackupAsync(BackupJobRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> StartIncrementalAsync(IncrementalJobRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> StartCommitLogShipAsync(CommitLogShipJobRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> StartRestoreAsync(RestoreJobRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> JobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobStatus> CancelJobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

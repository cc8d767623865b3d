using System.Text.RegularExpressions;
using Amphora.Api.Agent;
using Amphora.Api.Server;
using Amphora.Server.Api;
using Amphora.Server.Runs;
using Amphora.Server.State;
using Amphora.Server.Tasks;

namespace Amphora.Server.Clusters;

/// <summary>
/// Registers clusters by asking every agent for its node (all must answer, and report the same cluster), re-discovers
/// their topology on demand, suspends and resumes their scheduling, and removes them.
/// </summary>
public sealed partial class ClusterService(IServerStore store, IAgentConnectorFactory agents, RunCoordinator runs, TimeProvider time)
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(30);

    public async Task<ClusterInfo> AddAsync(ClusterRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (!ClusterName().IsMatch(registration.Name))
        {
            throw new ArgumentException($"cluster name '{registration.Name}' is not valid: use 1-64 letters, digits, '.', '-' and '_'.");
        }

        if (registration.Agents is not { Count: > 0 } || registration.Agents.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("give every agent of the cluster as HOST:PORT: --agent 10.0.0.1:5090,10.0.0.2:5090.");
        }

        if (string.IsNullOrWhiteSpace(registration.Token))
        {
            throw new ArgumentException("give the token the cluster's agents share (--token).");
        }

        if (await store.ClusterAsync(registration.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ServerRequestException.Conflict($"cluster {registration.Name} is registered already; remove it first or choose another name.");
        }

        var agentList = registration.Agents.Select(agent => agent.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var (clusterName, nodes) = await DiscoverAsync(agentList, registration.Token, registration.CaCertificatePem, fingerprints, cancellationToken)
            .ConfigureAwait(false);
        var cluster = new StoredCluster
        {
            Info = new ClusterInfo { Name = registration.Name, ClusterName = clusterName, Suspended = false, Nodes = nodes, DiscoveredAt = time.GetUtcNow() },
            Token = registration.Token,
            CaCertificatePem = registration.CaCertificatePem,
            Fingerprints = fingerprints,
        };
        if (!await store.AddClusterAsync(cluster, cancellationToken).ConfigureAwait(false))
        {
            throw ServerRequestException.Conflict($"cluster {registration.Name} is registered already; remove it first or choose another name.");
        }

        return cluster.Info;
    }

    public async Task<IReadOnlyList<ClusterInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ClustersAsync(cancellationToken).ConfigureAwait(false)).Select(cluster => cluster.Info)];

    public async Task<StoredCluster> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.ClusterAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw ServerRequestException.NotFound($"no cluster {name} is registered; see amphora cluster list.");

    /// <summary>The cluster, its topology discovered again through its agents first when <paramref name="refresh"/> is set.</summary>
    public async Task<ClusterInfo> ShowAsync(string name, bool refresh, CancellationToken cancellationToken)
    {
        var cluster = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (!refresh)
        {
            return cluster.Info;
        }

        var fingerprints = new Dictionary<string, string>(cluster.Fingerprints, StringComparer.Ordinal);
        var (clusterName, nodes) = await DiscoverAsync(cluster.Info.Nodes.Select(node => node.Agent).ToList(), cluster.Token, cluster.CaCertificatePem,
            fingerprints, cancellationToken).ConfigureAwait(false);
        var current = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        var updated = current with
        {
            Info = current.Info with { ClusterName = clusterName, Nodes = nodes, DiscoveredAt = time.GetUtcNow() },
            Fingerprints = fingerprints,
        };
        await store.UpdateClusterAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated.Info;
    }

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (runs.RunningTask(name) is not null)
        {
            throw ServerRequestException.Conflict(
                $"cluster {name} has a backup running; stop it first (amphora task stop) or suspend the cluster (amphora task suspend --cluster {name}).");
        }

        await store.RemoveClusterAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pauses scheduling and stops the cluster's run in progress; its task stays enabled so resume continues it.</summary>
    public async Task SuspendAsync(string name, CancellationToken cancellationToken)
    {
        var cluster = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        await store.UpdateClusterAsync(cluster with { Info = cluster.Info with { Suspended = true } }, cancellationToken).ConfigureAwait(false);
        if (runs.RunningTask(name) is { } running)
        {
            await runs.StopAsync(running).ConfigureAwait(false);
        }
    }

    /// <summary>Unpauses scheduling and makes the runs suspend stopped due now, to be continued.</summary>
    public async Task ResumeAsync(string name, CancellationToken cancellationToken)
    {
        var cluster = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        await store.UpdateClusterAsync(cluster with { Info = cluster.Info with { Suspended = false } }, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var task in await store.TasksAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (task.Enabled && await store.LatestRunAsync(task.Id, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Stopped })
            {
                await store.UpdateTaskAsync(task with { NextRunAt = now }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(string ClusterName, IReadOnlyList<ClusterNodeInfo> Nodes)> DiscoverAsync(
        IReadOnlyList<string> agentList, string token, string? caCertificatePem, Dictionary<string, string> fingerprints, CancellationToken cancellationToken)
    {
        // The connector pins each agent's certificate on first contact and records the fingerprint in this dictionary.
        var connector = agents.Create(token, caCertificatePem, fingerprints);
        var answers = await Task.WhenAll(agentList.Select(agent => AskAsync(connector, agent, cancellationToken))).ConfigureAwait(false);
        var first = answers[0];
        foreach (var (agent, node) in answers.Skip(1))
        {
            if (node.Cluster != first.Node.Cluster)
            {
                throw new ArgumentException(
                    $"agent {agent} reports cluster '{node.Cluster}' but agent {first.Agent} reports '{first.Node.Cluster}': give the agents of one cluster only.");
            }
        }

        var repeated = answers.GroupBy(answer => answer.Node.HostId).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"agents {string.Join(" and ", repeated.Select(answer => answer.Agent))} serve the same node (host ID {repeated.Key}): give each node's agent once.");
        }

        var nodes = answers.Select(answer => new ClusterNodeInfo
        {
            Agent = answer.Agent,
            HostId = answer.Node.HostId,
            Address = answer.Node.Address,
            Datacenter = answer.Node.Datacenter,
            Rack = answer.Node.Rack,
            Tokens = answer.Node.Tokens,
            Version = answer.Node.Version,
            Flavour = answer.Node.Flavour,
        }).OrderBy(node => node.Datacenter, StringComparer.Ordinal).ThenBy(node => node.Agent, StringComparer.Ordinal).ToList();
        return (first.Node.Cluster, nodes);
    }

    private static async Task<(string Agent, AgentNodeInfo Node)> AskAsync(IAgentConnector connector, string agent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AgentTimeout);
        try
        {
            return (agent, await connector.Connect(agent).NodeAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {AgentTimeout.TotalSeconds:0} s" : e.Message;
            throw ServerRequestException.BadGateway($"agent {agent} did not answer: {why}. Check that it runs, its address and port, the token and the CA.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterName();
}

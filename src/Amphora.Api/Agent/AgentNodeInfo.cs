namespace Amphora.Api.Agent;

/// <summary>What an agent tells the server about its node: identity and topology, as the node's adapter reports them.</summary>
public sealed record AgentNodeInfo
{
    public required string Cluster { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }

    public required Guid HostId { get; init; }

    /// <summary>The node's listen address as the agent sees it (for messages and the topology view).</summary>
    public required string Address { get; init; }

    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>The database's release version (Cassandra, DSE or Scylla).</summary>
    public required string Version { get; init; }

    /// <summary>"cassandra" (nodetool adapter) or "scylla" (Scylla REST adapter).</summary>
    public required string Flavour { get; init; }

    /// <summary>How the agent reaches the node, passwords masked.</summary>
    public required string Adapter { get; init; }

    public required IReadOnlyList<string> DataDirectories { get; init; }

    public required IReadOnlyList<string> Keyspaces { get; init; }

    public required string AgentVersion { get; init; }
}

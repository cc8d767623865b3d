namespace Amphora.Api.Server;

/// <summary>A registered cluster and its topology as discovered through the agents.</summary>
public sealed record ClusterInfo
{
    public required string Name { get; init; }

    /// <summary>The cluster name the nodes report (cassandra.yaml cluster_name).</summary>
    public required string ClusterName { get; init; }

    /// <summary>Suspended clusters start no scheduled run until resumed.</summary>
    public required bool Suspended { get; init; }

    public required IReadOnlyList<ClusterNodeInfo> Nodes { get; init; }

    public required DateTimeOffset DiscoveredAt { get; init; }
}

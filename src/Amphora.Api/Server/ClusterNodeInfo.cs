namespace Amphora.Api.Server;

public sealed record ClusterNodeInfo
{
    /// <summary>Where the node's agent listens, <c>host:port</c>.</summary>
    public required string Agent { get; init; }

    public required Guid HostId { get; init; }

    public required string Address { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }

    public required IReadOnlyList<string> Tokens { get; init; }

    public required string Version { get; init; }

    /// <summary>"cassandra" or "scylla".</summary>
    public required string Flavour { get; init; }
}

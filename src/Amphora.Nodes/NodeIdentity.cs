namespace Amphora.Nodes;

/// <summary>Who a node is and what its live schema holds: recorded in every backup so restores can find their node.</summary>
public sealed record NodeIdentity(
    string Cluster,
    string Datacenter,
    string Rack,
    Guid HostId,
    IReadOnlyList<string> Tokens,
    string Version,
    IReadOnlyList<string> Keyspaces);

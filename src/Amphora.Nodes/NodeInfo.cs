namespace Amphora.Nodes;

/// <summary>What <c>nodetool info -T</c> says about a node. Tokens stay text: RandomPartitioner tokens exceed a long.</summary>
public sealed record NodeInfo(Guid HostId, string Datacenter, string Rack, IReadOnlyList<string> Tokens);

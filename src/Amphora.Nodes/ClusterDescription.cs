namespace Amphora.Nodes;

/// <summary>What <c>nodetool describecluster</c> says: the cluster's name and the keyspaces of its live schema.</summary>
public sealed record ClusterDescription(string Name, IReadOnlyList<string> Keyspaces);

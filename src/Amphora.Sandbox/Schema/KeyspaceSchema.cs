namespace Amphora.Sandbox.Schema;

public sealed class KeyspaceSchema
{
    public required string Name { get; init; }

    /// <summary>Replication options as CQL shows them, e.g. class NetworkTopologyStrategy, dc1 3.</summary>
    public Dictionary<string, string> Replication { get; init; } = [];

    public bool IsSystem { get; init; }

    public List<TableSchema> Tables { get; init; } = [];
}

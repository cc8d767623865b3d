namespace Amphora.Nodes;

/// <summary>
/// The node operations backup, restore and snapshot housekeeping need, whatever speaks to the node: nodetool for Cassandra and DSE,
/// Scylla's REST API later. Callers never learn whether the node is real or a sandbox.
/// </summary>
public interface INodeAdapter
{
    /// <summary>How the node is reached, for messages (passwords masked).</summary>
    string Description { get; }

    /// <summary>The node's data_file_directories, in cassandra.yaml order.</summary>
    IReadOnlyList<string> DataDirectories { get; }

    Task<NodeIdentity> IdentifyAsync(CancellationToken cancellationToken);

    /// <summary>Flushes and hard-links every live SSTable of the keyspaces (all keyspaces when empty) under the tag.</summary>
    Task SnapshotAsync(string tag, IReadOnlyList<string> keyspaces, CancellationToken cancellationToken);

    Task ClearSnapshotAsync(string tag, CancellationToken cancellationToken);

    /// <summary>True when the node answers, false when nothing listens (it is stopped); any other failure throws.</summary>
    Task<bool> IsRunningAsync(CancellationToken cancellationToken);

    /// <summary>Loads the SSTables in the directories into the live table under new ids (Cassandra 4.0+ nodetool import).</summary>
    Task ImportAsync(string keyspace, string table, IReadOnlyList<string> directories, CancellationToken cancellationToken);

    /// <summary>Loads SSTables put into the table's own directories (nodetool refresh, Cassandra 3.x).</summary>
    Task RefreshAsync(string keyspace, string table, CancellationToken cancellationToken);
}

namespace Amphora.Nodes;

/// <summary>
/// The node operations backup and snapshot housekeeping need, whatever speaks to the node: nodetool for Cassandra and DSE,
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
}

namespace Amphora.Sandbox.Snapshots;

/// <summary>
/// One row of nodetool listsnapshots: a snapshot of one table. True size counts every snapshot file with no live
/// file of the same name (manifest.json and schema.cql always); <see cref="TrueSSTableBytes"/> counts only the
/// table's own SSTable components, which is what 4.1 adds up for "Total TrueDiskSpaceUsed".
/// </summary>
public sealed record SnapshotDetails(
    string Tag,
    string Keyspace,
    string Table,
    long TrueSizeBytes,
    long SizeOnDiskBytes,
    DateTimeOffset? CreatedAt,
    long TrueSSTableBytes);

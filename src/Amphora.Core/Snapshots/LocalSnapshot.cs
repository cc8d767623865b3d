namespace Amphora.Core.Snapshots;

/// <summary>
/// One table's part of a node-local snapshot. <see cref="TrueSize"/>: bytes whose every hard link is inside some snapshot,
/// i.e. what no live SSTable or backups/ link shares, counted once per inode within this table snapshot.
/// </summary>
public sealed record LocalSnapshot(string Tag, string Keyspace, string Table, int Files, long SizeOnDisk, long TrueSize);

/// <summary>All of a node's snapshots and the space they pin.</summary>
public sealed record LocalSnapshotReport(IReadOnlyList<LocalSnapshot> Snapshots, IReadOnlyDictionary<string, long> FreedByClearingTag, long HeldOnlyBySnapshots);

namespace Amphora.Nodes.Scylla;

/// <summary>
/// One table of one snapshot as <c>GET /storage_service/snapshots</c> lists it: <c>total</c> is its size on disk,
/// <c>live</c> the bytes only the snapshot holds (its true size).
/// </summary>
public sealed record ScyllaSnapshot(string Tag, string Keyspace, string Table, long SizeOnDiskBytes, long TrueSizeBytes);

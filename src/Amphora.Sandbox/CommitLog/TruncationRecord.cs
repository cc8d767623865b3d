namespace Amphora.Sandbox.CommitLog;

/// <summary>
/// A table's truncation record (system.local's truncated_at in Cassandra): the commit log position at the truncation,
/// below which replay skips the table, and when it happened (epoch milliseconds).
/// </summary>
public sealed record TruncationRecord(CommitLogPosition Position, long TruncatedAtMs);

namespace Amphora.Core.Snapshots;

/// <summary>Why Cassandra took an automatic snapshot (auto_snapshot: true).</summary>
public enum AutoSnapshotKind
{
    /// <summary><c>dropped-&lt;ms&gt;-&lt;table&gt;</c>: taken by DROP TABLE (or DROP KEYSPACE) just before the data went.</summary>
    Dropped,

    /// <summary><c>truncated-&lt;ms&gt;-&lt;table&gt;</c>: taken by TRUNCATE just before the data went.</summary>
    Truncated,
}

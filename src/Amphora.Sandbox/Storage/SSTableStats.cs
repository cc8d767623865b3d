using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox.Storage;

/// <summary>What Statistics.db records about one SSTable.</summary>
public sealed record SSTableStats
{
    public long MinTimestamp { get; init; } = long.MaxValue;
    public long MaxTimestamp { get; init; } = long.MinValue;

    /// <summary>Epoch seconds over every cell; live cells count as <see cref="Row.NoDeletion"/>, as in Cassandra's MetadataCollector.</summary>
    public int MinLocalDeletionTime { get; init; } = Row.NoDeletion;
    public int MaxLocalDeletionTime { get; init; } = Row.NoDeletion;
    public long PartitionCount { get; init; }
    public long TombstoneCount { get; init; }
    public long UncompressedLength { get; init; }
    public long CompressedLength { get; init; }
    public byte[] FirstKey { get; init; } = [];
    public byte[] LastKey { get; init; } = [];
    public CommitLogPosition CommitLogLowerBound { get; init; } = CommitLogPosition.None;
    public CommitLogPosition CommitLogUpperBound { get; init; } = CommitLogPosition.None;

    /// <summary>Explicit intervals (compaction unites its inputs'); by default the one interval [lower, upper] of a flush.</summary>
    public IReadOnlyList<CommitLogInterval>? CommitLogIntervals { get; init; }

    /// <summary>The commitLogIntervals Statistics.db records.</summary>
    public IReadOnlyList<CommitLogInterval> Intervals =>
        CommitLogIntervals ?? (CommitLogUpperBound == CommitLogPosition.None ? [] : [new CommitLogInterval(CommitLogLowerBound, CommitLogUpperBound)]);
    public Guid? OriginatingHostId { get; init; }
    public long RepairedAt { get; init; }
    public int Level { get; init; }
    public long[] PartitionSizes { get; init; } = [];

    /// <summary>Compressed bytes (without chunk checksums) over uncompressed bytes; -1 for uncompressed tables.</summary>
    public double CompressionRatio => UncompressedLength == 0 || CompressedLength == 0 ? -1.0 : (double)CompressedLength / UncompressedLength;

    public static SSTableStats Of(IReadOnlyList<Row> rows) => new()
    {
        MinTimestamp = rows.Count == 0 ? long.MaxValue : rows.Min(r => r.Timestamp),
        MaxTimestamp = rows.Count == 0 ? long.MinValue : rows.Max(r => r.Timestamp),
        MinLocalDeletionTime = rows.Count == 0 ? Row.NoDeletion : rows.Min(r => r.LocalDeletionTime),
        MaxLocalDeletionTime = rows.Count == 0 ? Row.NoDeletion : rows.Max(r => r.LocalDeletionTime),
        PartitionCount = rows.Count,
        TombstoneCount = rows.Count(r => r.IsTombstone),
        FirstKey = rows.Count == 0 ? [] : rows[0].Key,
        LastKey = rows.Count == 0 ? [] : rows[^1].Key,
    };
}

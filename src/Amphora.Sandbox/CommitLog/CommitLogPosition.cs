namespace Amphora.Sandbox.CommitLog;

/// <summary>A place in the commit log: segment id and byte offset. Orders mutations across segments.</summary>
public readonly record struct CommitLogPosition(long SegmentId, int Position) : IComparable<CommitLogPosition>
{
    public static readonly CommitLogPosition None = new(-1, 0);

    public int CompareTo(CommitLogPosition other) =>
        SegmentId != other.SegmentId ? SegmentId.CompareTo(other.SegmentId) : Position.CompareTo(other.Position);

    public static bool operator <(CommitLogPosition a, CommitLogPosition b) => a.CompareTo(b) < 0;

    public static bool operator >(CommitLogPosition a, CommitLogPosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(CommitLogPosition a, CommitLogPosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(CommitLogPosition a, CommitLogPosition b) => a.CompareTo(b) >= 0;

    public static CommitLogPosition Max(CommitLogPosition a, CommitLogPosition b) => a >= b ? a : b;
}

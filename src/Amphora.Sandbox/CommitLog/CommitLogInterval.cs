namespace Amphora.Sandbox.CommitLog;

/// <summary>
/// A closed range of commit log positions whose mutations an SSTable holds (Statistics.db's commitLogIntervals;
/// Cassandra's IntervalSet, whose contains() is inclusive at both ends).
/// </summary>
public readonly record struct CommitLogInterval(CommitLogPosition Lower, CommitLogPosition Upper)
{
    public bool Contains(CommitLogPosition position) => position >= Lower && position <= Upper;
}

using Amphora.Core.CommitLogs;

namespace Amphora.Core.Restore;

/// <summary>
/// A restore to a point in time (or to the latest archived write when <see cref="PointInTime"/> is null): the SSTables
/// placed in place, the commit log segments staged for Cassandra's start-up replay, and the settings written to
/// commitlog_archiving.properties. <c>--dry-run</c> prints all of it.
/// </summary>
public sealed record PointInTimePlan
{
    public required RestoreChain Chain { get; init; }

    /// <summary>The in-place restore of the chain's SSTables.</summary>
    public required RestorePlan Restore { get; init; }

    public required PointInTime? PointInTime { get; init; }

    public required TimestampPrecision Precision { get; init; }

    public required IReadOnlyList<ArchivedSegment> Segments { get; init; }

    /// <summary>Segments still in the node's commit log directory that the location lacks (never archived): replayed too.</summary>
    public required IReadOnlyList<string> LocalSegments { get; init; }

    /// <summary>Holds only the segments to replay: Cassandra refuses to start on any other file in a restore directory.</summary>
    public required string RestoreDirectory { get; init; }

    /// <summary>Where segments download before they are checked and moved into <see cref="RestoreDirectory"/>.</summary>
    public required string DownloadDirectory { get; init; }

    public required string PropertiesPath { get; init; }

    /// <summary>Run by Cassandra without a shell for each staged segment.</summary>
    public required string RestoreCommand { get; init; }

    /// <summary>ks.table names for <c>-Dcassandra.replayList</c> when only some tables are restored; empty otherwise.</summary>
    public required IReadOnlyList<string> ReplayList { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public long SegmentBytes => Segments.Sum(s => s.Size);

    /// <summary>The settings the restore writes; every other line of the file is kept.</summary>
    public IReadOnlyList<(string Key, string Value)> Settings =>
    [
        (CommitLogArchivingProperties.RestoreCommandKey, RestoreCommand),
        (CommitLogArchivingProperties.RestoreDirectoriesKey, RestoreDirectory),
        .. PointInTime is { } point ? [(CommitLogArchivingProperties.RestorePointInTimeKey, point.ToPropertyText())] : Array.Empty<(string, string)>(),
        (CommitLogArchivingProperties.PrecisionKey, Precision.ToPropertyText()),
    ];
}

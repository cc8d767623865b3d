using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;

namespace Amphora.Core.Restore;

/// <summary>What the operator asked of a point-in-time restore.</summary>
public sealed record PointInTimeRequest
{
    /// <summary>Null: the latest archived write (no <c>restore_point_in_time</c>).</summary>
    public required PointInTime? PointInTime { get; init; }

    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Microseconds;

    /// <summary>How far clients' write timestamps may lag the nodes' clocks: segments closed that long after the point are replayed too.</summary>
    public TimeSpan ClientClockLag { get; init; } = TimeSpan.FromMinutes(1);

    public required TableFilter Tables { get; init; }

    /// <summary>The backed-up cluster, when the location holds several.</summary>
    public string? Cluster { get; init; }

    /// <summary>The backed-up node (host ID), when the location holds several; commit logs replay only on the node that wrote them.</summary>
    public Guid? HostId { get; init; }

    public int Parallelism { get; init; } = 4;
}

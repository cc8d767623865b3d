using Amphora.Api.Agent;

namespace Amphora.Api.Server;

/// <summary>One node's part of a run, with per-table progress, rate and ETA while it uploads.</summary>
public sealed record NodeRunInfo
{
    public required Guid HostId { get; init; }

    public required string Agent { get; init; }

    public required string Datacenter { get; init; }

    /// <summary>One of <see cref="NodeStage"/>.</summary>
    public required string Stage { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? SnapshotAt { get; init; }

    public required TransferCounters Totals { get; init; }

    public required IReadOnlyList<TableProgress> Tables { get; init; }

    /// <summary>Bytes done per second since the upload began.</summary>
    public double BytesPerSecond { get; init; }

    public TimeSpan? Eta { get; init; }
}

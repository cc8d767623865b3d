namespace Amphora.Api.Agent;

/// <summary>
/// Restore the node's part of backup <see cref="Tag"/> (null: the newest complete one) into the running node by import
/// (<see cref="Mode"/> "import") or into the stopped node in place ("in-place"), as <c>amphora restore</c> does.
/// </summary>
public sealed record RestoreJobRequest
{
    public required string JobId { get; init; }

    public string? Tag { get; init; }

    public required string Mode { get; init; }

    public string? Tables { get; init; }

    public required string Locations { get; init; }

    public double? RateLimitMebibytesPerSecond { get; init; }
}

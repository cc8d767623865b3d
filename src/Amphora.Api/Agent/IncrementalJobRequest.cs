namespace Amphora.Api.Agent;

/// <summary>One pass of <c>amphora backup incremental</c> on the node: ship the tables' backups/ links, then remove the shipped ones.</summary>
public sealed record IncrementalJobRequest
{
    public required string JobId { get; init; }

    public string? Tables { get; init; }

    public required string Locations { get; init; }

    public int Transfers { get; init; } = 4;

    public double? RateLimitMebibytesPerSecond { get; init; }
}

namespace Amphora.Api.Agent;

/// <summary>One pass of <c>amphora commitlog ship</c> on the node: upload the spooled commit log segments oldest first.</summary>
public sealed record CommitLogShipJobRequest
{
    public required string JobId { get; init; }

    public required string Locations { get; init; }

    public double? RateLimitMebibytesPerSecond { get; init; }
}

namespace Amphora.Core.Verification;

/// <summary>How deep <c>amphora verify</c> looks. Every level includes the one before.</summary>
public sealed record VerifyOptions
{
    /// <summary>Stream every content object and check its SHA-256 against its name.</summary>
    public bool Full { get; init; }

    /// <summary>Check every SSTable offline: components, digests, chunk checksums, Statistics.db.</summary>
    public bool SSTables { get; init; }

    /// <summary>Verify only this node's part.</summary>
    public Guid? HostId { get; init; }

    /// <summary>Objects checked at once.</summary>
    public int Parallelism { get; init; } = 4;

    public IReadOnlyList<string> CheckNames =>
        ["presence and size", .. Full ? new[] { "content SHA-256" } : [], .. SSTables ? new[] { "SSTables" } : []];
}

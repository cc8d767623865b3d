namespace Amphora.Api.Agent;

/// <summary>
/// Upload the local snapshot <see cref="SnapshotName"/> as the node's part of backup <see cref="Tag"/>. A part of that tag
/// left incomplete by an earlier stopped or failed job of the same tag is continued: content already in the location is not
/// sent again. On success the snapshot is cleared when <see cref="ClearSnapshot"/> is set.
/// </summary>
public sealed record BackupJobRequest
{
    /// <summary>Chosen by the caller; starting a job whose id exists returns that job (so a retried request starts nothing twice).</summary>
    public required string JobId { get; init; }

    public required string Tag { get; init; }

    public required string SnapshotName { get; init; }

    /// <summary>-K globs; null: every table but node-local system ones.</summary>
    public string? Tables { get; init; }

    /// <summary>The location list (<c>dc1:s3:bucket-eu,dc2:s3:bucket-us</c> or one location); the agent picks its datacenter's.</summary>
    public required string Locations { get; init; }

    /// <summary>Files hashed and uploaded at once.</summary>
    public int Transfers { get; init; } = 4;

    /// <summary>MiB/s for this node's transfers; null: the agent's own setting.</summary>
    public double? RateLimitMebibytesPerSecond { get; init; }

    public bool ClearSnapshot { get; init; } = true;
}

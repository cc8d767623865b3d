namespace Amphora.Core.Catalog;

/// <summary>How thoroughly <see cref="RepositoryCheck"/> reads the location.</summary>
public sealed record CheckOptions
{
    /// <summary>Stream every content object through SHA-256; false checks only existence and sizes, which reads no content.</summary>
    public bool VerifyHashes { get; init; } = true;

    /// <summary>How many content objects are hashed at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Orphaned content younger than this may be the upload of a failed backup about to be retried; it is never deleted.</summary>
    public required TimeSpan OrphanGrace { get; init; }
}

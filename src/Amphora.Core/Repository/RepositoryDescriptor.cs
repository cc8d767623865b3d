namespace Amphora.Core.Repository;

/// <summary>
/// <c>amphora-repository.json</c>: written once when a location is first used. Readers refuse a format version newer than
/// they know, so an old Amphora never misreads (or purges) a repository a newer one wrote.
/// </summary>
public sealed record RepositoryDescriptor
{
    public const string FormatName = "amphora-repository";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentVersion;

    public required Guid RepositoryId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>How content objects are named: "sha256" of the file's bytes.</summary>
    public string ContentHash { get; init; } = "sha256";

    /// <summary>How content objects hold the bytes: "identity" (verbatim). Compression and encryption add values later.</summary>
    public string ContentEncoding { get; init; } = "identity";
}

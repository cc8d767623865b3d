namespace Amphora.Api.Agent;

/// <summary>
/// Files and bytes of one table (or a whole node): planned, done (uploaded or skipped), uploaded, skipped because the
/// location already held the content (dedup), and failed.
/// </summary>
public sealed record TransferCounters
{
    public long Files { get; init; }

    public long Bytes { get; init; }

    public long UploadedFiles { get; init; }

    public long UploadedBytes { get; init; }

    public long SkippedFiles { get; init; }

    public long SkippedBytes { get; init; }

    public long FailedFiles { get; init; }

    public long FailedBytes { get; init; }

    public long DoneFiles => UploadedFiles + SkippedFiles;

    public long DoneBytes => UploadedBytes + SkippedBytes;
}

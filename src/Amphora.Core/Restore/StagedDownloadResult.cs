namespace Amphora.Core.Restore;

/// <summary>What staging did: files downloaded (bytes actually fetched) and files an earlier run had already staged.</summary>
public sealed record StagedDownloadResult(int FilesDownloaded, long BytesDownloaded, int FilesReused, long BytesReused);

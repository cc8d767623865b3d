namespace Amphora.Core.Backup;

/// <summary>What one node backup did. <see cref="BytesRead"/> counts every byte read from the node's files (hashing and upload).</summary>
public sealed record BackupResult(
    string Cluster,
    string Tag,
    Guid HostId,
    string SnapshotName,
    int Tables,
    long Files,
    long Bytes,
    long UploadedFiles,
    long UploadedBytes,
    long BytesRead,
    TimeSpan Elapsed,
    string? SnapshotWarning);

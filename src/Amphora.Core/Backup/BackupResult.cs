namespace Amphora.Core.Backup;

/// <summary>
/// What one node backup did. The bytes-read counts cover every read of the node's files, for hashing and for upload:
/// SSTable components apart from the small files each snapshot writes anew (manifest.json, schema.cql).
/// </summary>
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
    long SSTableBytesRead,
    long OtherBytesRead,
    TimeSpan Elapsed,
    string? SnapshotWarning);

namespace Amphora.Core.Backup;

/// <summary>
/// What one incremental pass did. <see cref="Tag"/> is null when it found nothing complete to ship and wrote nothing.
/// Removed: the local links in backups/ deleted once the backup was complete; kept: links the manifest records but that
/// changed or could not be deleted (<see cref="Warnings"/> says which).
/// </summary>
public sealed record IncrementalBackupResult(
    string Cluster,
    Guid HostId,
    string? Tag,
    int Tables,
    long Files,
    long Bytes,
    long UploadedFiles,
    long UploadedBytes,
    int WaitingSSTables,
    long RemovedFiles,
    long RemovedBytes,
    long KeptFiles,
    IReadOnlyList<string> Warnings,
    TimeSpan Elapsed)
{
    public bool ShippedAnything => Tag is not null;
}

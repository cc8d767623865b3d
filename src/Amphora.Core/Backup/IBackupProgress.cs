namespace Amphora.Core.Backup;

/// <summary>Where a backup reports what it is doing; front ends draw it (text lines, progress bars, metrics).</summary>
public interface IBackupProgress
{
    void Stage(string description);

    void Planned(long files, long bytes);

    void FileDone(string path, long bytes, bool uploaded);

    /// <summary>Every file the backup is about to read, with its table and size, for per-table progress (the agent's jobs).</summary>
    void PlannedFiles(IReadOnlyList<(SnapshotFile File, long Bytes)> files)
    {
    }

    /// <summary>A file whose hashing or upload failed; not called when the backup is cancelled.</summary>
    void FileFailed(string path, long bytes)
    {
    }
}

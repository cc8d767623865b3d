namespace Amphora.Core.Backup;

/// <summary>Where a backup reports what it is doing; front ends draw it (text lines, progress bars, metrics).</summary>
public interface IBackupProgress
{
    void Stage(string description);

    void Planned(long files, long bytes);

    void FileDone(string path, long bytes, bool uploaded);
}

namespace Amphora.Core.Restore;

/// <summary>Where a restore reports what it is doing; front ends draw it (progress bars, lines, metrics).</summary>
public interface IRestoreProgress
{
    void Stage(string description);

    /// <summary>The files and bytes to stage; <paramref name="alreadyStaged"/> of them are left from an earlier run and only re-checked.</summary>
    void Planned(long files, long bytes, long alreadyStaged);

    /// <summary>Bytes arrived (downloaded or re-checked) for a file; called often, from several threads.</summary>
    void Transferred(long bytes);

    void FileStaged(string path, long bytes, bool downloaded);
}

using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>One backed-up file on its way to the node: downloaded to <see cref="StagingPath"/>, then placed.</summary>
public sealed record RestoreFile(FileEntry Entry, int DataDirectory, string StagingPath)
{
    public long Size => Entry.Size;

    /// <summary>For in-place restores: where the file ends up in the table directory.</summary>
    public string? FinalPath { get; init; }
}

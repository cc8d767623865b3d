using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>Everything a restore will do, worked out before it changes anything; <c>--dry-run</c> prints it.</summary>
public sealed record RestorePlan
{
    public required NodeManifest Source { get; init; }

    public required RestoreMode Mode { get; init; }

    public required IReadOnlyList<TableRestorePlan> Tables { get; init; }

    /// <summary>Where files are staged: one directory per data directory (per staging directory for sstableloader).</summary>
    public required IReadOnlyList<string> StagingRoots { get; init; }

    public IReadOnlyList<FileSystemSpace> Space { get; init; } = [];

    /// <summary>Bytes already staged by an earlier run that was stopped; only re-checked, not downloaded.</summary>
    public long AlreadyStagedBytes { get; init; }

    /// <summary>In-place restores: what will be moved into the rollback folder.</summary>
    public IReadOnlyList<MoveAside> MovedAside { get; init; } = [];

    /// <summary>Things the operator should know before going ahead (e.g. a commit log holding other tables' writes).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IEnumerable<RestoreFile> Files => Tables.SelectMany(t => t.Files);

    public long Bytes => Tables.Sum(t => t.Bytes);
}

/// <summary>A directory whose current files an in-place restore moves into the rollback folder.</summary>
public sealed record MoveAside(string Directory, int Files, long Bytes, string What);

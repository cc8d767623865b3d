using Amphora.Core.Backup;

namespace Amphora.Core.Restore;

/// <summary>What the operator asked of a node restore.</summary>
public sealed record RestoreOptions
{
    public required RestoreMode Mode { get; init; }

    public TableFilter Tables { get; init; } = new(null);

    /// <summary>--rename: restore (keyspace, table) into another table (import and sstableloader only).</summary>
    public RenameMap Renames { get; init; } = RenameMap.Empty;

    /// <summary>sstableloader restores: where files are staged (any local disk with room).</summary>
    public string? StagingDirectory { get; init; }

    /// <summary>sstableloader restores: the command line files are streamed with; the table's directory is appended.</summary>
    public string? LoaderCommand { get; init; }

    /// <summary>Live imports: "import", "refresh", or null to choose by the node's version.</summary>
    public string? LoadWith { get; init; }

    public int Parallelism { get; init; } = 4;
}

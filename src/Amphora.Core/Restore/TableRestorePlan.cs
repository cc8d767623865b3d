using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>One table of a restore: where it comes from, where it goes, and its files.</summary>
public sealed record TableRestorePlan(TableEntry Source, string TargetKeyspace, string TargetTable, IReadOnlyList<RestoreFile> Files)
{
    public string SourceName => $"{Source.Keyspace}.{Source.Table}";

    public string TargetName => $"{TargetKeyspace}.{TargetTable}";

    public long Bytes => Files.Sum(f => f.Size);

    /// <summary>The table's staging directory in each data directory that receives files (what nodetool import is given).</summary>
    public IReadOnlyList<string> StagingDirectories { get; init; } = [];

    /// <summary>In-place restores: the table's directory in each data directory (the live schema's table id).</summary>
    public IReadOnlyList<string> TargetDirectories { get; init; } = [];

    /// <summary>Why the target directory was chosen (e.g. created with the backup's id), for the plan.</summary>
    public string? TargetNote { get; init; }
}

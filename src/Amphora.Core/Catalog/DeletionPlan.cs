namespace Amphora.Core.Catalog;

/// <summary>What a delete or purge removes (or, with --dry-run, would remove).</summary>
public sealed record DeletionPlan(
    IReadOnlyList<Repository.NodeBackupSummary> NodeBackups,
    IReadOnlyList<string> ContentKeys,
    long ContentBytes,
    bool DryRun);

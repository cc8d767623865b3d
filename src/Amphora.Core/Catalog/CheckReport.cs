using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>What <see cref="RepositoryCheck"/> found: counts per category, every problem, the incomplete backups and the orphans.</summary>
public sealed record CheckReport
{
    public required string Location { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public required int NodeBackups { get; init; }

    /// <summary>Node backups without a completion marker: still running, or failed and left for purge. Not a problem by themselves.</summary>
    public required IReadOnlyList<NodeBackupSummary> Incomplete { get; init; }

    /// <summary>Objects under <c>content/</c>, valid keys or not.</summary>
    public required long ContentObjects { get; init; }

    public required long ContentBytes { get; init; }

    /// <summary>False when the check ran without hashing (existence and sizes only).</summary>
    public required bool HashesVerified { get; init; }

    public required long HashedObjects { get; init; }

    public required long HashedBytes { get; init; }

    /// <summary>Sorted by kind, then message.</summary>
    public required IReadOnlyList<CheckProblem> Problems { get; init; }

    /// <summary>Orphans at most this old are <see cref="OrphanedContent.WithinGrace"/>: never deleted, since a retried backup may re-use them.</summary>
    public required TimeSpan OrphanGrace { get; init; }

    /// <summary>Content no manifest referenced when the check read them. Not a problem: a purge or --delete-orphans frees it.</summary>
    public required IReadOnlyList<OrphanedContent> Orphans { get; init; }

    /// <summary>What --delete-orphans did; null when it was not asked for.</summary>
    public OrphanDeletion? OrphanDeletion { get; init; }

    public bool HasProblems => Problems.Count > 0;

    public long OrphanBytes => Orphans.Sum(o => o.Size);

    /// <summary>An unreadable manifest may reference some of the orphans: what it references is unknown.</summary>
    public bool OrphansMayBeReferenced => Problems.Any(p => p.Kind == CheckProblemKind.UnreadableManifest);
}

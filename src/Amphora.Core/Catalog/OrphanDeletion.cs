namespace Amphora.Core.Catalog;

/// <summary>
/// What deleting orphaned content did: what went, what stayed because it is younger than the grace period, or why nothing
/// was deleted at all.
/// </summary>
public sealed record OrphanDeletion(IReadOnlyList<OrphanedContent> Deleted, IReadOnlyList<OrphanedContent> KeptWithinGrace, string? RefusedBecause)
{
    public long DeletedBytes => Deleted.Sum(o => o.Size);

    public static OrphanDeletion Refused(string reason) => new([], [], reason);
}

using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.Catalog;

/// <summary>
/// Deletes backups and the content only they reference. Runs under the exclusive repository lock, so no backup is between
/// "the location already has this content" and "my manifest references it" while references are counted. Order: index
/// markers, then manifest, then content; an interruption leaves at worst unreferenced content, which the next purge removes.
/// </summary>
public sealed class BackupDeletion(BackupRepository repository, LockOptions lockOptions)
{
    /// <summary>Removes the given node backups and the content no other node backup references.</summary>
    public async Task<DeletionPlan> DeleteAsync(IReadOnlyList<NodeBackupSummary> doomed, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doomed);
        await using var held = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Exclusive, "delete backups", lockOptions, cancellationToken).ConfigureAwait(false);
        var all = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        var kept = all.Where(p => !doomed.Any(d => Same(d, p))).ToList();
        var candidates = await ReferencedContentAsync(doomed, cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(held, doomed, kept, candidates, orphanGrace: null, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the retention policy to every node backup, then removes content nothing kept references.</summary>
    public async Task<DeletionPlan> PurgeAsync(RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var held = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Exclusive, "purge", lockOptions, cancellationToken).ConfigureAwait(false);
        var all = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        var doomed = policy.Expired(all, DateTimeOffset.UtcNow);
        var kept = all.Where(p => !doomed.Any(d => Same(d, p))).ToList();

        // Every content object is a candidate: this also sweeps what interrupted deletes and failed backups left behind.
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var info in repository.Store.ListAsync(RepositoryKeys.ContentPrefix, cancellationToken).ConfigureAwait(false))
        {
            candidates.Add(info.Key);
        }

        return await RemoveAsync(held, doomed, kept, candidates, policy.IncompleteGrace, dryRun, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeletionPlan> RemoveAsync(
        RepositoryLock held,
        IReadOnlyList<NodeBackupSummary> doomed,
        IReadOnlyList<NodeBackupSummary> kept,
        HashSet<string> candidates,
        TimeSpan? orphanGrace,
        bool dryRun,
        CancellationToken cancellationToken)
    {
        candidates.ExceptWith(await ReferencedContentAsync(kept, cancellationToken).ConfigureAwait(false));
        var ofDoomed = await ReferencedContentAsync(doomed, cancellationToken).ConfigureAwait(false);
        var removable = new List<string>();
        long bytes = 0;
        foreach (var key in candidates.Order(StringComparer.Ordinal))
        {
            // Content no manifest references and younger than the grace period may be the upload of a backup that failed
            // minutes ago and will be retried; content of the backups being deleted goes at once.
            if (await repository.Store.StatAsync(key, cancellationToken).ConfigureAwait(false) is { } info
                && (orphanGrace is null || ofDoomed.Contains(key) || DateTimeOffset.UtcNow - info.LastModified > orphanGrace))
            {
                removable.Add(key);
                bytes += info.Size;
            }
        }

        if (!dryRun)
        {
            foreach (var part in doomed)
            {
                held.EnsureHeld();
                await repository.DeleteNodeBackupAsync(part, cancellationToken).ConfigureAwait(false);
            }

            foreach (var key in removable)
            {
                held.EnsureHeld();
                await repository.Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }

        return new DeletionPlan(doomed, removable, bytes, dryRun);
    }

    private async Task<HashSet<string>> ReferencedContentAsync(IEnumerable<NodeBackupSummary> parts, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (await repository.ReadManifestAsync(part.Cluster, part.Tag, part.HostId, cancellationToken).ConfigureAwait(false) is { } manifest)
            {
                keys.UnionWith(manifest.Files.Select(f => RepositoryKeys.Content(ContentHash.Parse(f.Hash))));
            }
        }

        return keys;
    }

    private static bool Same(NodeBackupSummary a, NodeBackupSummary b) => a.Cluster == b.Cluster && a.Tag == b.Tag && a.HostId == b.HostId;
}

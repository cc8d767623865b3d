using System.Runtime.CompilerServices;
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
        return await RemoveAsync(held, all, doomed, orphanGrace: null, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the retention policy to every node backup <paramref name="scope"/> selects (all when null; a scheduled task
    /// purges only its own backups), then removes content nothing kept references.
    /// </summary>
    public async Task<DeletionPlan> PurgeAsync(RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken, Func<NodeBackupSummary, bool>? scope = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var held = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Exclusive, "purge", lockOptions, cancellationToken).ConfigureAwait(false);
        var all = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        var doomed = policy.Expired(scope is null ? all : all.Where(scope), DateTimeOffset.UtcNow);
        return await RemoveAsync(held, all, doomed, policy.IncompleteGrace, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the doomed node backups and the content no other node backup references. With an orphan grace (purge) every
    /// content object is a candidate, which also sweeps what interrupted deletes and failed backups left behind; without
    /// (delete) only the doomed backups' content is.
    /// </summary>
    private async Task<DeletionPlan> RemoveAsync(
        RepositoryLock held,
        IReadOnlyList<NodeBackupSummary> all,
        IReadOnlyList<NodeBackupSummary> doomed,
        TimeSpan? orphanGrace,
        bool dryRun,
        CancellationToken cancellationToken)
    {
        var needed = await ReferencedContent.CollectAsync(repository, all.Where(p => !doomed.Any(d => Same(d, p))), cancellationToken).ConfigureAwait(false);
        var ofDoomed = await ReferencedContent.CollectAsync(repository, doomed, cancellationToken).ConfigureAwait(false);
        var candidates = orphanGrace is null
            ? StatAllAsync(ofDoomed.Order(StringComparer.Ordinal), cancellationToken)
            : repository.Store.ListAsync(RepositoryKeys.ContentPrefix, cancellationToken);
        var removable = new List<string>();
        long bytes = 0;
        await foreach (var info in candidates.ConfigureAwait(false))
        {
            // Content no manifest references and younger than the grace period may be the upload of a backup that failed
            // minutes ago and will be retried; content of the backups being deleted goes at once.
            if (!needed.Contains(info.Key) && (ofDoomed.Contains(info.Key) || DateTimeOffset.UtcNow - info.LastModified > orphanGrace))
            {
                removable.Add(info.Key);
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

    private async IAsyncEnumerable<ObjectInfo> StatAllAsync(IEnumerable<string> keys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            if (await repository.Store.StatAsync(key, cancellationToken).ConfigureAwait(false) is { } info)
            {
                yield return info;
            }
        }
    }

    private static bool Same(NodeBackupSummary a, NodeBackupSummary b) => a.Cluster == b.Cluster && a.Tag == b.Tag && a.HostId == b.HostId;
}

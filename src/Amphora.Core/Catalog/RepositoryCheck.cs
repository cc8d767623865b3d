using System.Collections.Concurrent;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.Catalog;

/// <summary>
/// <c>amphora backups check</c>: one pass over a whole repository. It lists <c>content/</c> once and, unless told not to,
/// streams every object through SHA-256 (the key is the hash); then it reads every manifest and checks each file against
/// that listing. The pass takes no lock and only reads, so backups, deletes and purges may run meanwhile: content is listed
/// before manifests are read (a backup writes its manifest only after its content), and a problem that a concurrent delete
/// explains away is dropped. Deleting orphans is a separate step under the exclusive lock.
/// </summary>
public sealed class RepositoryCheck(BackupRepository repository, ICheckProgress? progress = null)
{
    private readonly ICheckProgress _progress = progress ?? new SilentProgress();

    public async Task<CheckReport> RunAsync(CheckOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);
        var problems = new ConcurrentQueue<CheckProblem>();
        var checkedAt = DateTimeOffset.UtcNow;

        _progress.Stage("listing content");
        var listing = await ListContentAsync(problems, cancellationToken).ConfigureAwait(false);
        var hashing = options.VerifyHashes
            ? await VerifyHashesAsync(listing, options.Parallelism, problems, cancellationToken).ConfigureAwait(false)
            : new HashingResult(new HashSet<string>(), 0, 0);

        _progress.Stage("reading manifests");
        var parts = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        var referenced = await CheckReferencesAsync(parts, listing, hashing.Damaged, problems, cancellationToken).ConfigureAwait(false);

        return new CheckReport
        {
            Location = repository.Location,
            CheckedAt = checkedAt,
            NodeBackups = parts.Count,
            Incomplete = [.. parts.Where(p => !p.IsComplete).OrderBy(p => p.StartedAt).ThenBy(p => p.Tag, StringComparer.Ordinal)],
            ContentObjects = listing.Objects,
            ContentBytes = listing.Bytes,
            HashesVerified = options.VerifyHashes,
            HashedObjects = hashing.Objects,
            HashedBytes = hashing.Bytes,
            OrphanGrace = options.OrphanGrace,
            Problems = [.. problems.OrderBy(p => p.Kind).ThenBy(p => p.Message, StringComparer.Ordinal)],
            Orphans =
            [
                .. listing.Valid.Values.Where(i => !referenced.Contains(i.Key)).OrderBy(i => i.Key, StringComparer.Ordinal)
                    .Select(i => Orphan(i, checkedAt, options.OrphanGrace)),
            ],
        };
    }

    /// <summary>
    /// Deletes content no manifest references and older than the grace period, under the exclusive lock so no backup is
    /// between uploading content and writing the manifest that references it. Deletes nothing if any manifest is unreadable.
    /// Throws <see cref="RepositoryLockedException"/> when a backup, delete or purge holds the location past the lock wait.
    /// </summary>
    public async Task<OrphanDeletion> DeleteOrphansAsync(TimeSpan grace, LockOptions lockOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lockOptions);
        _progress.Stage("deleting orphaned content under the exclusive lock");
        await using var held = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Exclusive, "delete orphaned content", lockOptions, cancellationToken)
            .ConfigureAwait(false);

        // Read again under the lock: what the check saw may have changed since.
        var parts = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string> referenced;
        try
        {
            referenced = await ReferencedContent.CollectAsync(repository, parts, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            return OrphanDeletion.Refused(
                $"nothing was deleted: {e.Message.TrimEnd('.')}, so what that backup references is unknown. Delete the backup or restore its manifest, then run the check again.");
        }

        var now = DateTimeOffset.UtcNow;
        var orphans = new List<OrphanedContent>();
        await foreach (var info in repository.Store.ListAsync(RepositoryKeys.ContentPrefix, cancellationToken).ConfigureAwait(false))
        {
            // Objects that are not content are reported by the check and left for the operator to judge.
            if (IsContentKey(info.Key) && !referenced.Contains(info.Key))
            {
                orphans.Add(Orphan(info, now, grace));
            }
        }

        var doomed = orphans.Where(o => !o.WithinGrace).ToList();
        foreach (var orphan in doomed)
        {
            held.EnsureHeld();
            await repository.Store.DeleteAsync(orphan.Key, cancellationToken).ConfigureAwait(false);
        }

        return new OrphanDeletion(doomed, [.. orphans.Where(o => o.WithinGrace)], null);
    }

    /// <summary>True for exactly <c>content/&lt;hh&gt;/&lt;sha256&gt;</c> with <c>&lt;hh&gt;</c> the hash's first two digits.</summary>
    public static bool IsContentKey(string key) => ProblemWithKey(key) is null;

    private static CheckProblem? ProblemWithKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ContentHash.TryParse(key[(key.LastIndexOf('/') + 1)..], out var hash))
        {
            return CheckProblem.InvalidContentKey(key);
        }

        return RepositoryKeys.Content(hash) == key ? null : CheckProblem.MisplacedContent(key, hash);
    }

    private static OrphanedContent Orphan(ObjectInfo info, DateTimeOffset now, TimeSpan grace)
    {
        var age = now - info.LastModified;
        return new OrphanedContent(info.Key, info.Size, info.LastModified, age, WithinGrace: age <= grace);
    }

    private async Task<ContentListing> ListContentAsync(ConcurrentQueue<CheckProblem> problems, CancellationToken cancellationToken)
    {
        var listing = new ContentListing();
        await foreach (var info in repository.Store.ListAsync(RepositoryKeys.ContentPrefix, cancellationToken).ConfigureAwait(false))
        {
            listing.Objects++;
            listing.Bytes += info.Size;
            if (ProblemWithKey(info.Key) is { } problem)
            {
                problems.Enqueue(problem);
            }
            else
            {
                listing.Valid.Add(info.Key, info);
            }
        }

        return listing;
    }

    private async Task<HashingResult> VerifyHashesAsync(
        ContentListing listing, int parallelism, ConcurrentQueue<CheckProblem> problems, CancellationToken cancellationToken)
    {
        var objects = listing.Valid.Values;
        _progress.Stage($"hashing {objects.Count} content objects");
        _progress.Planned(objects.Count, objects.Sum(o => o.Size));
        var damaged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        long hashedObjects = 0;
        long hashedBytes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(objects, parallel, async (info, token) =>
        {
            try
            {
                var (hash, bytes) = await HashAsync(info.Key, token).ConfigureAwait(false);
                Interlocked.Increment(ref hashedObjects);
                Interlocked.Add(ref hashedBytes, bytes);
                _progress.ObjectHashed();
                if (RepositoryKeys.Content(hash) != info.Key)
                {
                    damaged[info.Key] = true;
                    problems.Enqueue(CheckProblem.WrongHash(info.Key, hash, bytes));
                }
            }
            catch (ObjectNotFoundException)
            {
                // A delete or purge removed it since the listing: nothing is left to be wrong.
            }
            catch (Exception e) when (e is StorageException or IOException)
            {
                problems.Enqueue(CheckProblem.UnreadableContent(info.Key, e.Message));
            }
        }).ConfigureAwait(false);
        return new HashingResult(damaged.Keys.ToHashSet(StringComparer.Ordinal), hashedObjects, hashedBytes);
    }

    /// <summary>SHA-256 of a stored object, streamed so memory stays bounded whatever its size.</summary>
    private async Task<(ContentHash Hash, long Bytes)> HashAsync(string key, CancellationToken cancellationToken) =>
        await HashingReadStream.HashAsync(
            await repository.Store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false), _progress.BytesHashed, cancellationToken).ConfigureAwait(false);

    /// <summary>Checks every file of every manifest against the listing; returns the content keys the manifests reference.</summary>
    private async Task<HashSet<string>> CheckReferencesAsync(
        IReadOnlyList<NodeBackupSummary> parts, ContentListing listing, IReadOnlySet<string> damaged, ConcurrentQueue<CheckProblem> problems,
        CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var storedSinceListing = new Dictionary<string, ObjectInfo?>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            NodeManifest? manifest;
            try
            {
                manifest = await repository.ReadManifestAsync(part, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                problems.Enqueue(CheckProblem.UnreadableManifest(part, e.Message.TrimEnd('.')));
                continue;
            }

            if (manifest is null)
            {
                // Started and not finished is a backup running or failed, not a problem; complete without a manifest is.
                if (part.IsComplete && await StillCompleteAsync(part, cancellationToken).ConfigureAwait(false))
                {
                    problems.Enqueue(CheckProblem.MissingManifest(part));
                }

                continue;
            }

            var found = new List<CheckProblem>();
            foreach (var table in manifest.Tables)
            {
                foreach (var file in table.Files)
                {
                    var name = $"{table.Keyspace}.{table.Table}/{file.Path}";
                    if (!ContentHash.TryParse(file.Hash, out var hash))
                    {
                        found.Add(CheckProblem.InvalidReference(part, name, file.Hash));
                        continue;
                    }

                    var key = RepositoryKeys.Content(hash);
                    referenced.Add(key);
                    var stored = listing.Valid.GetValueOrDefault(key) ?? await StatOnceAsync(key, storedSinceListing, cancellationToken).ConfigureAwait(false);
                    if (stored is null)
                    {
                        found.Add(CheckProblem.MissingContent(part, name, key, file.Size));
                    }
                    else if (stored.Size != file.Size)
                    {
                        found.Add(CheckProblem.WrongSize(part, name, key, file.Size, stored.Size));
                    }
                    else if (damaged.Contains(key))
                    {
                        found.Add(CheckProblem.DamagedContent(part, name, key));
                    }
                }
            }

            // A delete since the index was listed takes the manifest along with the content: then none of this matters.
            if (found.Count > 0 && await repository.Store.StatAsync(RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId), cancellationToken).ConfigureAwait(false) is not null)
            {
                found.ForEach(problems.Enqueue);
            }
        }

        return referenced;
    }

    /// <summary>Content a running backup uploaded after the listing; stated once per key however many files reference it.</summary>
    private async Task<ObjectInfo?> StatOnceAsync(string key, Dictionary<string, ObjectInfo?> stated, CancellationToken cancellationToken)
    {
        if (!stated.TryGetValue(key, out var info))
        {
            info = await repository.Store.StatAsync(key, cancellationToken).ConfigureAwait(false);
            stated[key] = info;
        }

        return info;
    }

    /// <summary>False when a delete removed the node backup's markers since the index was listed.</summary>
    private async Task<bool> StillCompleteAsync(NodeBackupSummary part, CancellationToken cancellationToken)
    {
        await foreach (var info in repository.Store.ListAsync(RepositoryKeys.NodeIndexPrefix(part.Cluster, part.Tag, part.HostId), cancellationToken).ConfigureAwait(false))
        {
            if (info.Key[(info.Key.LastIndexOf('/') + 1)..].StartsWith("complete.", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The objects under <c>content/</c>: all of them counted, the validly named ones kept for checking.</summary>
    private sealed class ContentListing
    {
        public Dictionary<string, ObjectInfo> Valid { get; } = new(StringComparer.Ordinal);

        public long Objects { get; set; }

        public long Bytes { get; set; }
    }

    private sealed record HashingResult(IReadOnlySet<string> Damaged, long Objects, long Bytes);

    private sealed class SilentProgress : ICheckProgress
    {
        public void Stage(string description)
        {
        }

        public void Planned(long objects, long bytes)
        {
        }

        public void BytesHashed(long bytes)
        {
        }

        public void ObjectHashed()
        {
        }
    }
}

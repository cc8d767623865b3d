using System.Collections.Concurrent;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Core.Backup;

/// <summary>
/// One node backup being written to the repository, whatever its kind: the tag checked unused, the shared lock held from
/// before the first content check until the complete marker, the started marker, each file's content uploaded unless the
/// location holds it already (one upload per content), then the manifest and last the complete marker. Disposing releases
/// the lock and saves the hash cache.
/// </summary>
public sealed class NodeBackupRecord : IAsyncDisposable
{
    private readonly BackupRepository _repository;
    private readonly ContentHashCache _hashCache;
    private readonly IBackupProgress _progress;
    private readonly RepositoryLock _lock;
    private readonly BackupMarkerBody _markerBody;
    private readonly NodeEntry _node;
    private readonly ReadCounter _sstableBytesRead = new();
    private readonly ReadCounter _otherBytesRead = new();
    private readonly ConcurrentDictionary<ContentHash, Lazy<Task<bool>>> _contentInFlight = new();
    private long _uploadedFiles;
    private long _uploadedBytes;
    private bool _staged;

    private NodeBackupRecord(
        BackupRepository repository, ContentHashCache hashCache, IBackupProgress progress, RepositoryLock held, BackupMarkerBody markerBody, NodeEntry node)
    {
        _repository = repository;
        _hashCache = hashCache;
        _progress = progress;
        _lock = held;
        _markerBody = markerBody;
        _node = node;
    }

    public long UploadedFiles => Interlocked.Read(ref _uploadedFiles);

    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    /// <summary>Bytes of SSTable components read, for hashing and for upload (once for both when the location can stage).</summary>
    public long SSTableBytesRead => _sstableBytesRead.Bytes;

    /// <summary>Bytes of other files (a snapshot's manifest.json and schema.cql) read.</summary>
    public long OtherBytesRead => _otherBytesRead.Bytes;

    /// <summary>
    /// Refuses a tag the node already used, takes the shared lock and writes the started marker. With
    /// <paramref name="continueIncomplete"/>, a part of the tag that has only its started marker (an earlier run stopped or
    /// failed) is continued: its started time is kept, so its started marker is written again under the same key and the
    /// part never has two.
    /// </summary>
    public static async Task<NodeBackupRecord> BeginAsync(
        INodeAdapter node,
        NodeIdentity identity,
        BackupRepository repository,
        ContentHashCache hashCache,
        IBackupProgress progress,
        (string Tag, string Kind, DateTimeOffset StartedAt) backup,
        LockOptions lockOptions,
        bool continueIncomplete,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(repository);
        var existing = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        var earlier = existing.FirstOrDefault(b => b.Cluster == identity.Cluster && b.Tag == backup.Tag && b.HostId == identity.HostId);
        if (earlier is not null)
        {
            if (!continueIncomplete || earlier.IsComplete || earlier.StartedAt is not { } earlierStart || earlier.Kind != backup.Kind)
            {
                throw new BackupTagInUseException(backup.Tag, identity.HostId, repository.Location);
            }

            progress.Stage($"Continuing the incomplete backup {backup.Tag} started at {earlierStart:u}; content already in {repository.Location} is not sent again");
            backup = backup with { StartedAt = earlierStart };
        }

        var held = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Shared, backup.Kind == BackupKind.Snapshot ? "backup" : "incremental backup", lockOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            var markerBody = new BackupMarkerBody
            {
                Cluster = identity.Cluster,
                Tag = backup.Tag,
                Kind = backup.Kind,
                HostId = identity.HostId,
                Datacenter = identity.Datacenter,
                Rack = identity.Rack,
                Hostname = Environment.MachineName,
                StartedAt = backup.StartedAt,
            };
            await repository.WriteStartedMarkerAsync(markerBody, cancellationToken).ConfigureAwait(false);
            var nodeEntry = new NodeEntry
            {
                Cluster = identity.Cluster,
                Datacenter = identity.Datacenter,
                Rack = identity.Rack,
                HostId = identity.HostId,
                Hostname = Environment.MachineName,
                Tokens = identity.Tokens,
                CassandraVersion = identity.Version,
                DataDirectories = node.DataDirectories,
            };
            return new NodeBackupRecord(repository, hashCache, progress, held, markerBody, nodeEntry);
        }
        catch
        {
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Hashes each file (or finds it in the hash cache) and uploads the content the location lacks, <paramref name="parallelism"/>
    /// files at a time. <paramref name="identities"/> are the files as stat'ed when found: a file that changes while it is
    /// hashed fails the backup.
    /// </summary>
    public async Task<IReadOnlyDictionary<SnapshotFile, FileEntry>> UploadAsync(
        IReadOnlyList<SnapshotFile> files, IReadOnlyDictionary<SnapshotFile, FileIdentity> identities, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(identities);
        _progress.Planned(files.Count, identities.Values.Sum(i => i.Size));
        _progress.PlannedFiles([.. files.Select(f => (f, identities[f].Size))]);
        _progress.Stage($"Uploading what {_repository.Location} lacks ({files.Count} files)");
        var entries = new ConcurrentDictionary<SnapshotFile, FileEntry>();
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (file, token) =>
            {
                try
                {
                    entries[file] = await BackUpFileAsync(file, identities[file], token).ConfigureAwait(false);
                }
                catch (Exception) when (!token.IsCancellationRequested)
                {
                    _progress.FileFailed(file.FullPath, identities[file].Size);
                    throw;
                }
            }).ConfigureAwait(false);

        // Staged content was published without a sync each (nor was what other writers published meanwhile, which this backup
        // found and relies on): one sync makes it all durable before any manifest refers to it.
        if (Volatile.Read(ref _staged) && _repository.TryGetStaging(out var staging))
        {
            await staging.FlushPublishedAsync(cancellationToken).ConfigureAwait(false);
        }

        return entries;
    }

    /// <summary>Writes the manifest of the uploaded files, then (the lock still held) the complete marker; returns the manifest.</summary>
    public async Task<NodeManifest> CompleteAsync(
        string snapshotName, IReadOnlyList<SnapshotFile> files, IReadOnlyDictionary<SnapshotFile, FileEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(entries);
        var manifest = new NodeManifest
        {
            Tag = _markerBody.Tag,
            Kind = _markerBody.Kind,
            SnapshotName = snapshotName,
            StartedAt = _markerBody.StartedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Node = _node,
            Tables = await TableEntriesAsync(files, entries, cancellationToken).ConfigureAwait(false),
        };
        _progress.Stage("Writing the manifest, then marking the backup complete");
        await _repository.WriteManifestAsync(manifest, cancellationToken).ConfigureAwait(false);
        _lock.EnsureHeld();
        var totalBytes = manifest.Files.Sum(f => f.Size);
        await _repository.WriteMarkerAsync(
            BackupMarker.CompleteKey(_node.Cluster, manifest.Tag, _node.HostId, manifest.FinishedAt, files.Count, totalBytes, UploadedBytes, manifest.Kind),
            _markerBody with { FinishedAt = manifest.FinishedAt, Files = files.Count, Bytes = totalBytes, NewBytes = UploadedBytes },
            cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            SaveHashCache();
        }
        finally
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The node's tables in every data directory that <paramref name="filter"/> selects among its live keyspaces.</summary>
    public static List<TableDirectory> SelectTables(INodeAdapter node, NodeIdentity identity, TableFilter filter)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(filter);
        var all = DataDirectoryScanner.Tables(node.DataDirectories).Where(t => identity.Keyspaces.Contains(t.Keyspace)).ToList();
        var selected = all.Where(t => filter.Matches(t.Keyspace, t.Table)).ToList();
        if (selected.Count == 0)
        {
            var known = all.Select(t => $"{t.Keyspace}.{t.Table}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(20);
            throw new ArgumentException($"-K '{filter.Text}' matches no table on node {identity.HostId}; its tables include: {string.Join(", ", known)}.");
        }

        return selected;
    }

    /// <summary>Same file and same bytes: device, inode, size and modification time (the link count may change freely).</summary>
    public static bool Unchanged(FileIdentity before, FileIdentity now) =>
        before.FileKey == now.FileKey && before.Size == now.Size && before.ModifiedNanoseconds == now.ModifiedNanoseconds;

    private void SaveHashCache()
    {
        try
        {
            _hashCache.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only an optimization: the next backup re-reads what it cannot remember.
            _progress.Stage($"warning: the hash cache could not be saved ({e.Message}); the next backup will hash every file again");
        }
    }

    private async Task<FileEntry> BackUpFileAsync(SnapshotFile file, FileIdentity identity, CancellationToken cancellationToken)
    {
        ContentHash hash;
        bool uploaded;
        if (_hashCache.TryGet(identity, out var known))
        {
            hash = known;
            uploaded = await UploadOnceAsync(hash, () => UploadIfMissingAsync(file, hash, identity.Size, cancellationToken)).ConfigureAwait(false);
        }
        else if (_repository.TryGetStaging(out var staging))
        {
            (hash, uploaded) = await StageAndPublishAsync(staging, file, identity, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            hash = await FileHasher.HashAsync(file.FullPath, ReadCounterFor(file), cancellationToken).ConfigureAwait(false);
            RememberUnchanged(file, identity, hash, "hashed");
            uploaded = await UploadOnceAsync(hash, () => UploadIfMissingAsync(file, hash, identity.Size, cancellationToken)).ConfigureAwait(false);
        }

        _progress.FileDone(file.FullPath, identity.Size, uploaded);
        return new FileEntry
        {
            Path = file.RelativePath,
            DataDirectory = file.Table.DataDirectory,
            Size = identity.Size,
            Hash = hash.Hex,
            SSTable = file.SSTable is { } name
                ? new SSTableEntry { Version = name.Version, Id = name.Id, Format = name.Format, Component = name.Component }
                : null,
        };
    }

    /// <summary>
    /// A file the hash cache does not know, into a location that can stage: its bytes are read once, hashed while they are
    /// written to a staging object, and that object is then named by the hash, unless the location or another file of this
    /// backup has the content already. The price: content the location already holds (a lost hash cache, restored files) is
    /// written once and dropped, where hashing first would only have read it.
    /// </summary>
    private async Task<(ContentHash Hash, bool Uploaded)> StageAndPublishAsync(
        IContentStagingStore staging, SnapshotFile file, FileIdentity identity, CancellationToken cancellationToken)
    {
        HashingReadStream? lastRead = null;
        var source = UploadSource.FromStream(identity.Size, () => lastRead = new HashingReadStream(OpenSnapshotFile(file), ReadCounterFor(file).Add, read =>
        {
            if (read.BytesRead != identity.Size)
            {
                throw new IOException($"{file.FullPath} changed while it was being backed up ({read.BytesRead} bytes, not the {identity.Size} it had); backed-up files must not change. Run the backup again.");
            }
        }));

        // The file's identity names the stage, so a re-run of the same snapshot resumes it; the host id keeps nodes sharing a
        // location (NFS) apart, whose device and inode numbers may coincide.
        var stageId = $"{_node.HostId:N}-{identity.Device}-{identity.Inode}-{identity.Size}-{identity.ModifiedNanoseconds}";
        Volatile.Write(ref _staged, true);
        var staged = await staging.StageAsync(stageId, source, cancellationToken).ConfigureAwait(false);
        await using (staged.ConfigureAwait(false))
        {
            // The last stage read the whole file (a resumed one compares every byte), so its hash is the file's.
            var hash = lastRead?.Hash ?? throw new InvalidOperationException($"staging {file.FullPath} did not read it to the end");
            RememberUnchanged(file, identity, hash, "backed up");
            var uploaded = await UploadOnceAsync(hash, () => PublishUnlessPresentAsync(staged, file, hash, identity.Size, cancellationToken)).ConfigureAwait(false);
            return (hash, uploaded);
        }
    }

    /// <summary>Fails unless the file is still the one stat'ed before it was read; then remembers its hash.</summary>
    private void RememberUnchanged(SnapshotFile file, FileIdentity identity, ContentHash hash, string reading)
    {
        if (!Unchanged(identity, FileIdentity.Of(file.FullPath)))
        {
            throw new IOException($"{file.FullPath} changed while it was being {reading}; backed-up files must not change. Run the backup again.");
        }

        _hashCache.Add(identity, hash);
    }

    /// <summary>One upload per content even when several files of this backup share it: the first file's upload serves all.</summary>
    private Task<bool> UploadOnceAsync(ContentHash hash, Func<Task<bool>> upload) =>
        _contentInFlight.GetOrAdd(hash, _ => new Lazy<Task<bool>>(upload)).Value;

    private async Task<bool> UploadIfMissingAsync(SnapshotFile file, ContentHash hash, long size, CancellationToken cancellationToken)
    {
        if (await _repository.HasContentAsync(hash, size, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Every read of the file (a retried or resumed put reads it again) checks the bytes against the recorded hash.
        var source = UploadSource.FromStream(size, () => VerifiedRead.Open(OpenSnapshotFile(file), file.FullPath, hash, size, ReadCounterFor(file)));
        await _repository.PutContentAsync(hash, source, cancellationToken).ConfigureAwait(false);
        CountUploaded(size);
        return true;
    }

    /// <summary>Names the staged bytes as the content unless the location holds it (unpublished, they are deleted with the stage).</summary>
    private async Task<bool> PublishUnlessPresentAsync(StagedObject staged, SnapshotFile file, ContentHash hash, long size, CancellationToken cancellationToken)
    {
        if (await _repository.HasContentAsync(hash, size, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (await _repository.PublishContentIfAbsentAsync(staged, hash, cancellationToken).ConfigureAwait(false))
        {
            CountUploaded(size);
            return true;
        }

        // Another writer (another node's backup) published it meanwhile, or an object of the wrong size holds the key: a
        // verified put replaces the latter, as it would have without staging.
        return await UploadIfMissingAsync(file, hash, size, cancellationToken).ConfigureAwait(false);
    }

    private void CountUploaded(long size)
    {
        Interlocked.Increment(ref _uploadedFiles);
        Interlocked.Add(ref _uploadedBytes, size);
    }

    private static FileStream OpenSnapshotFile(SnapshotFile file) =>
        new(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    private ReadCounter ReadCounterFor(SnapshotFile file) => file.SSTable is null ? _otherBytesRead : _sstableBytesRead;

    private async Task<List<TableEntry>> TableEntriesAsync(
        IReadOnlyList<SnapshotFile> files, IReadOnlyDictionary<SnapshotFile, FileEntry> entries, CancellationToken cancellationToken)
    {
        var tables = new List<TableEntry>();
        var byTable = files.GroupBy(f => (f.Table.Keyspace, f.Table.Table, f.Table.TableId))
            .OrderBy(g => g.Key.Keyspace, StringComparer.Ordinal).ThenBy(g => g.Key.Table, StringComparer.Ordinal);
        foreach (var table in byTable)
        {
            tables.Add(new TableEntry
            {
                Keyspace = table.Key.Keyspace,
                Table = table.Key.Table,
                TableId = table.Key.TableId,
                Schema = table.Where(f => f.RelativePath == "schema.cql").Select(f => File.ReadAllText(f.FullPath)).FirstOrDefault(),
                Files = [.. table.Select(f => entries[f]).OrderBy(e => e.Path, StringComparer.Ordinal)],
                SSTables = await SSTableSummaries.BuildAsync(table, _progress.Stage, cancellationToken).ConfigureAwait(false),
            });
        }

        return tables;
    }
}

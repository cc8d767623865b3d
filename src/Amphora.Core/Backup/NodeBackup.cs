using System.Collections.Concurrent;
using System.Diagnostics;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Core.Backup;

/// <summary>
/// One node's backup: snapshot through the node's adapter, find every file of the snapshot in every data directory, upload the
/// content the location lacks, write the manifest, then mark the backup complete, all under a shared repository lock so no
/// purge can remove content this backup relies on. Whatever fails, nothing is marked complete and the snapshot this backup
/// took is cleared (unless told to keep it).
/// </summary>
public sealed class NodeBackup(INodeAdapter node, BackupRepository repository, ContentHashCache hashCache, IBackupProgress progress)
{
    private readonly ReadCounter _sstableBytesRead = new();
    private readonly ReadCounter _otherBytesRead = new();
    private readonly ConcurrentDictionary<ContentHash, Lazy<Task<bool>>> _contentInFlight = new();
    private long _uploadedFiles;
    private long _uploadedBytes;

    public async Task<BackupResult> RunAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var tag = BackupTag.Validate(request.Tag ?? request.ExistingSnapshot ?? BackupTag.Default(startedAt));
        var filter = new TableFilter(request.Tables);

        progress.Stage($"Asking the node who it is ({node.Description})");
        var identity = await node.IdentifyAsync(cancellationToken).ConfigureAwait(false);
        var tables = SelectTables(identity, filter);
        var existing = await repository.ListNodeBackupsAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(b => b.Cluster == identity.Cluster && b.Tag == tag && b.HostId == identity.HostId))
        {
            throw new BackupTagInUseException(tag, identity.HostId, repository.Location);
        }

        await using var repositoryLock = await RepositoryLock.AcquireAsync(repository.Store, LockKind.Shared, "backup", request.Lock, cancellationToken).ConfigureAwait(false);
        var markerBody = new BackupMarkerBody
        {
            Cluster = identity.Cluster,
            Tag = tag,
            HostId = identity.HostId,
            Datacenter = identity.Datacenter,
            Rack = identity.Rack,
            Hostname = Environment.MachineName,
            StartedAt = startedAt,
        };
        await repository.WriteMarkerAsync(BackupMarker.StartedKey(identity.Cluster, tag, identity.HostId, startedAt), markerBody, cancellationToken).ConfigureAwait(false);

        var snapshotName = request.ExistingSnapshot ?? BackupTag.SnapshotPrefix + tag;
        var ownSnapshot = request.ExistingSnapshot is null;
        try
        {
            if (ownSnapshot)
            {
                var keyspaces = tables.Select(t => t.Keyspace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                progress.Stage($"Taking snapshot {snapshotName} of {string.Join(", ", keyspaces)} (flush + hard links)");
                await node.SnapshotAsync(snapshotName, keyspaces, cancellationToken).ConfigureAwait(false);
            }

            var files = DataDirectoryScanner.SnapshotFiles(tables, snapshotName);
            if (files.Count == 0)
            {
                throw new ArgumentException(ownSnapshot
                    ? $"snapshot {snapshotName} holds no files for -K '{filter.Text}'; the node may have failed to write it."
                    : $"no snapshot named {snapshotName} exists for -K '{filter.Text}' in {string.Join(", ", node.DataDirectories)}; list them with 'nodetool listsnapshots'.");
            }

            var identities = files.ToDictionary(f => f, f => FileIdentity.Of(f.FullPath));
            progress.Planned(files.Count, identities.Values.Sum(i => i.Size));
            progress.Stage($"Uploading what {repository.Location} lacks ({files.Count} files)");
            var entries = new ConcurrentDictionary<SnapshotFile, FileEntry>();
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism, CancellationToken = cancellationToken },
                async (file, token) => entries[file] = await BackUpFileAsync(file, identities[file], token).ConfigureAwait(false)).ConfigureAwait(false);

            var manifest = new NodeManifest
            {
                Tag = tag,
                Kind = "snapshot",
                SnapshotName = snapshotName,
                StartedAt = startedAt,
                FinishedAt = DateTimeOffset.UtcNow,
                Node = new NodeEntry
                {
                    Cluster = identity.Cluster,
                    Datacenter = identity.Datacenter,
                    Rack = identity.Rack,
                    HostId = identity.HostId,
                    Hostname = Environment.MachineName,
                    Tokens = identity.Tokens,
                    CassandraVersion = identity.Version,
                    DataDirectories = node.DataDirectories,
                },
                Tables = await TableEntriesAsync(files, entries, cancellationToken).ConfigureAwait(false),
            };
            progress.Stage("Writing the manifest, then marking the backup complete");
            await repository.WriteManifestAsync(manifest, cancellationToken).ConfigureAwait(false);
            repositoryLock.EnsureHeld();
            var totalBytes = manifest.Files.Sum(f => f.Size);
            await repository.WriteMarkerAsync(
                BackupMarker.CompleteKey(identity.Cluster, tag, identity.HostId, manifest.FinishedAt, files.Count, totalBytes, Interlocked.Read(ref _uploadedBytes)),
                markerBody with { FinishedAt = manifest.FinishedAt, Files = files.Count, Bytes = totalBytes, NewBytes = Interlocked.Read(ref _uploadedBytes) },
                cancellationToken).ConfigureAwait(false);

            var warning = ownSnapshot && !request.KeepSnapshot ? await ClearSnapshotAsync(snapshotName).ConfigureAwait(false) : null;
            return new BackupResult(identity.Cluster, tag, identity.HostId, snapshotName, manifest.Tables.Count, files.Count, totalBytes,
                Interlocked.Read(ref _uploadedFiles), Interlocked.Read(ref _uploadedBytes), _sstableBytesRead.Bytes, _otherBytesRead.Bytes, clock.Elapsed, warning);
        }
        catch (Exception e)
        {
            string fate;
            if (!ownSnapshot)
            {
                fate = $"the existing snapshot {snapshotName} was left as it was";
            }
            else if (request.KeepSnapshot)
            {
                fate = $"the local snapshot {snapshotName} was kept (--keep-snapshot); remove it with 'nodetool clearsnapshot -t {snapshotName}'";
            }
            else
            {
                fate = await ClearSnapshotAsync(snapshotName).ConfigureAwait(false) ?? $"the local snapshot {snapshotName} was cleared";
            }

            throw new BackupFailedException($"backup {tag} failed: {e.Message} Nothing was marked complete; {fate}.", e);
        }
        finally
        {
            SaveHashCache();
        }
    }

    private void SaveHashCache()
    {
        try
        {
            hashCache.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only an optimization: the next backup re-reads what it cannot remember.
            progress.Stage($"warning: the hash cache could not be saved ({e.Message}); the next backup will hash every file again");
        }
    }

    private List<TableDirectory> SelectTables(NodeIdentity identity, TableFilter filter)
    {
        var all = DataDirectoryScanner.Tables(node.DataDirectories).Where(t => identity.Keyspaces.Contains(t.Keyspace)).ToList();
        var selected = all.Where(t => filter.Matches(t.Keyspace, t.Table)).ToList();
        if (selected.Count == 0)
        {
            var known = all.Select(t => $"{t.Keyspace}.{t.Table}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(20);
            throw new ArgumentException($"-K '{filter.Text}' matches no table on node {identity.HostId}; its tables include: {string.Join(", ", known)}.");
        }

        return selected;
    }

    private async Task<FileEntry> BackUpFileAsync(SnapshotFile file, FileIdentity identity, CancellationToken cancellationToken)
    {
        if (!hashCache.TryGet(identity, out var hash))
        {
            hash = await FileHasher.HashAsync(file.FullPath, ReadCounterFor(file), cancellationToken).ConfigureAwait(false);
            if (FileIdentity.Of(file.FullPath) != identity)
            {
                throw new IOException($"{file.FullPath} changed while it was being hashed; snapshot files must not change. Run the backup again.");
            }

            hashCache.Add(identity, hash);
        }

        // One upload per content even when several files of this backup share it.
        var upload = _contentInFlight.GetOrAdd(hash, h => new Lazy<Task<bool>>(() => UploadIfMissingAsync(file, h, identity.Size, cancellationToken)));
        var uploaded = await upload.Value.ConfigureAwait(false);
        progress.FileDone(file.FullPath, identity.Size, uploaded);
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

    private async Task<bool> UploadIfMissingAsync(SnapshotFile file, ContentHash hash, long size, CancellationToken cancellationToken)
    {
        if (await repository.HasContentAsync(hash, size, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Every read of the file (a retried or resumed put reads it again) checks the bytes against the recorded hash.
        var source = UploadSource.FromStream(size, () => VerifiedRead.Open(
            new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan),
            file.FullPath, hash, size, ReadCounterFor(file)));
        await repository.PutContentAsync(hash, source, cancellationToken).ConfigureAwait(false);

        Interlocked.Increment(ref _uploadedFiles);
        Interlocked.Add(ref _uploadedBytes, size);
        return true;
    }

    private ReadCounter ReadCounterFor(SnapshotFile file) => file.SSTable is null ? _otherBytesRead : _sstableBytesRead;

    private async Task<List<TableEntry>> TableEntriesAsync(
        IReadOnlyList<SnapshotFile> files, ConcurrentDictionary<SnapshotFile, FileEntry> entries, CancellationToken cancellationToken)
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
                SSTables = await SSTableSummaries.BuildAsync(table, progress.Stage, cancellationToken).ConfigureAwait(false),
            });
        }

        return tables;
    }

    /// <summary>Clears the snapshot; returns a warning for the operator if the node refused.</summary>
    private async Task<string?> ClearSnapshotAsync(string snapshotName)
    {
        try
        {
            await node.ClearSnapshotAsync(snapshotName, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (NodetoolException e)
        {
            return $"the local snapshot {snapshotName} could not be cleared ({e.Message}); remove it with 'nodetool clearsnapshot -t {snapshotName}'";
        }
    }
}

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
        var tables = NodeBackupRecord.SelectTables(node, identity, filter);
        await using var record = await NodeBackupRecord.BeginAsync(
            node, identity, repository, hashCache, progress, (tag, BackupKind.Snapshot, startedAt), request.Lock, request.ContinueIncomplete, cancellationToken).ConfigureAwait(false);

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
            var entries = await record.UploadAsync(files, identities, request.Parallelism, cancellationToken).ConfigureAwait(false);
            var manifest = await record.CompleteAsync(snapshotName, files, entries, cancellationToken).ConfigureAwait(false);

            var warning = ownSnapshot && !request.KeepSnapshot ? await ClearSnapshotAsync(snapshotName).ConfigureAwait(false) : null;
            return new BackupResult(identity.Cluster, tag, identity.HostId, snapshotName, manifest.Tables.Count, files.Count, manifest.Files.Sum(f => f.Size),
                record.UploadedFiles, record.UploadedBytes, record.SSTableBytesRead, record.OtherBytesRead, clock.Elapsed, warning);
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

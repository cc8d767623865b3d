using System.Diagnostics;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;

namespace Amphora.Core.Backup;

/// <summary>
/// One incremental backup pass of a node: the complete SSTables Cassandra linked into the selected tables' backups/
/// directories are recorded as a node backup of kind <see cref="BackupKind.Incremental"/> (same lock, markers, dedup
/// upload and manifest as a snapshot backup; file paths relative to backups/). Only once the complete marker is durable
/// are the local links deleted, exactly those the manifest records and only if each is still the file that was hashed
/// (same device, inode, size and modification time). A pass that fails or is killed earlier deletes nothing; the next
/// pass ships the same files again and finds their content already uploaded.
/// </summary>
public sealed class IncrementalBackup(INodeAdapter node, BackupRepository repository, ContentHashCache hashCache, IBackupProgress progress)
{
    /// <summary>The manifest's snapshot_name: the files were read from the tables' backups/ directories.</summary>
    public const string SnapshotName = BackupsDirectoryScanner.DirectoryName;

    public async Task<IncrementalBackupResult> RunAsync(IncrementalBackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var tag = BackupTag.Incremental(startedAt);
        var filter = new TableFilter(request.Tables);

        progress.Stage($"Asking the node who it is ({node.Description})");
        var identity = await node.IdentifyAsync(cancellationToken).ConfigureAwait(false);
        var tables = NodeBackupRecord.SelectTables(node, identity, filter);
        progress.Stage($"Looking for complete SSTables in the backups/ directories of {tables.Count} table directories");
        var scan = BackupsDirectoryScanner.Scan(tables);
        foreach (var waiting in scan.Waiting)
        {
            progress.Stage($"left for the next pass: {waiting}");
        }

        if (scan.Files.Count == 0)
        {
            return new IncrementalBackupResult(identity.Cluster, identity.HostId, null, 0, 0, 0, 0, 0, scan.Waiting.Count, 0, 0, 0, [], clock.Elapsed);
        }

        var files = scan.Files;
        var identities = files.ToDictionary(f => f, f => FileIdentity.Of(f.FullPath));
        NodeManifest manifest;
        long uploadedFiles, uploadedBytes;
        await using (var record = await NodeBackupRecord.BeginAsync(
            node, identity, repository, hashCache, progress, (tag, BackupKind.Incremental, startedAt), request.Lock, continueIncomplete: false, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var entries = await record.UploadAsync(files, identities, request.Parallelism, cancellationToken).ConfigureAwait(false);
                manifest = await record.CompleteAsync(SnapshotName, files, entries, cancellationToken).ConfigureAwait(false);
                (uploadedFiles, uploadedBytes) = (record.UploadedFiles, record.UploadedBytes);
            }
            catch (Exception e)
            {
                throw new BackupFailedException(
                    $"incremental backup {tag} failed: {e.Message} Nothing was marked complete; every file in backups/ was left in place for the next pass.", e);
            }
        }

        progress.Stage($"Removing the {files.Count} shipped links from backups/");
        var removal = RemoveShipped(files, identities);
        return new IncrementalBackupResult(identity.Cluster, identity.HostId, tag, manifest.Tables.Count, files.Count, manifest.Files.Sum(f => f.Size),
            uploadedFiles, uploadedBytes, scan.Waiting.Count, removal.Files, removal.Bytes, removal.Warnings.Count, removal.Warnings, clock.Elapsed);
    }

    /// <summary>
    /// Deletes the shipped links that are still the files that were hashed. Runs only after the complete marker, and never
    /// stops midway for cancellation: the backup is already durable, and a link left behind is only shipped again.
    /// </summary>
    private static (long Files, long Bytes, List<string> Warnings) RemoveShipped(IReadOnlyList<SnapshotFile> files, Dictionary<SnapshotFile, FileIdentity> identities)
    {
        long removedFiles = 0, removedBytes = 0;
        var warnings = new List<string>();
        foreach (var file in files)
        {
            try
            {
                if (!NodeBackupRecord.Unchanged(identities[file], FileIdentity.Of(file.FullPath)))
                {
                    warnings.Add($"{file.FullPath} changed after it was backed up; it was kept and will be shipped by the next pass");
                    continue;
                }

                File.Delete(file.FullPath);
                removedFiles++;
                removedBytes += identities[file].Size;
            }
            catch (FileNotFoundException)
            {
                // Someone else (the operator's own clean-up) removed it already: nothing to do.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"{file.FullPath} could not be removed ({e.Message}); it will be shipped again by the next pass");
            }
        }

        return (removedFiles, removedBytes, warnings);
    }
}

using Amphora.Api.Agent;
using Amphora.Core.Backup;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Core.SSTables;
using Amphora.Storage;

namespace Amphora.Agent;

/// <summary>
/// A backup's dry run: the live SSTable files of the tables, and which of them the location lacks. Files the hash cache
/// knows are looked up by content key; files never hashed count as to upload (hashing them all would cost a backup's reads).
/// </summary>
public sealed class BackupPlanner(IObjectStore store, ContentHashCache hashCache)
{
    public async Task<BackupPlan> PlanAsync(IReadOnlyList<TableDirectory> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        long files = 0, bytes = 0, filesToUpload = 0, bytesToUpload = 0;
        foreach (var file in tables.SelectMany(LiveSSTableFiles))
        {
            var identity = FileIdentity.Of(file);
            files++;
            bytes += identity.Size;
            if (!hashCache.TryGet(identity, out var hash) || !await BackupRepository.HoldsContentAsync(store, hash, identity.Size, cancellationToken).ConfigureAwait(false))
            {
                filesToUpload++;
                bytesToUpload += identity.Size;
            }
        }

        return new BackupPlan
        {
            Location = store.Location,
            Tables = [.. tables.Select(t => $"{t.Keyspace}.{t.Table}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Files = files,
            Bytes = bytes,
            FilesToUpload = filesToUpload,
            BytesToUpload = bytesToUpload,
        };
    }

    /// <summary>SSTable components in the table's directory and its secondary indexes' (.name/) directories: not snapshots/ or backups/.</summary>
    private static IEnumerable<string> LiveSSTableFiles(TableDirectory table)
    {
        if (!Directory.Exists(table.Path))
        {
            return [];
        }

        var indexDirectories = Directory.EnumerateDirectories(table.Path, ".*");
        return new[] { table.Path }.Concat(indexDirectories)
            .SelectMany(directory => Directory.EnumerateFiles(directory))
            .Where(path => SSTableFileName.TryParse(Path.GetFileName(path), out _) && !BackupExclusions.IsExcluded(Path.GetRelativePath(table.Path, path)));
    }
}

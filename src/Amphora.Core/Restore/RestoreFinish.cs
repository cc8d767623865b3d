using Amphora.Core.CommitLogs;

namespace Amphora.Core.Restore;

/// <summary>
/// Ends a point-in-time restore once the node has replayed: removes the restore settings from
/// commitlog_archiving.properties (so the next start-up does not restore and replay again; the archive command stays)
/// and deletes the segments Amphora staged under the commit log directory.
/// </summary>
public sealed class RestoreFinish(RestoreTarget target)
{
    public async Task<RestoreFinishResult> RunAsync(string propertiesPath, bool force, CancellationToken cancellationToken)
    {
        var properties = await CommitLogArchivingProperties.LoadOrEmptyAsync(propertiesPath, cancellationToken).ConfigureAwait(false);
        if (!properties.HasRestoreSettings)
        {
            return new RestoreFinishResult([], []);
        }

        if (!force && !await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException(
                $"the node ({target.Node.Description}) is not running, so it has not replayed the restored commit log yet: start it first (it replays at start-up), " +
                "then run 'amphora restore finish'. --force removes the settings anyway and the restored segments are not replayed.");
        }

        var ours = Path.GetFullPath(Path.Combine(target.CommitLogDirectory, PointInTimeRestore.DirectoryName)) + Path.DirectorySeparatorChar;
        var directories = properties.RestoreDirectories;
        var removed = CommitLogArchivingProperties.RestoreKeys.Where(properties.File.Remove).ToList();
        await properties.File.SaveAsync(propertiesPath, cancellationToken).ConfigureAwait(false);
        // Only what Amphora staged goes; a restore directory the operator set up is theirs.
        var deleted = directories.Select(Path.GetFullPath).Where(d => d.StartsWith(ours, StringComparison.Ordinal)).Where(Directory.Exists).ToList();
        foreach (var directory in deleted)
        {
            Directory.Delete(directory, recursive: true);
        }

        var pitr = ours.TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(pitr))
        {
            Directory.Delete(pitr, recursive: true);
            deleted.Add(pitr);
        }

        return new RestoreFinishResult(removed, deleted);
    }
}

/// <summary>The settings removed and the directories deleted; both empty when there was nothing to finish.</summary>
public sealed record RestoreFinishResult(IReadOnlyList<string> RemovedSettings, IReadOnlyList<string> DeletedDirectories);

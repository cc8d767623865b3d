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

        var removed = CommitLogArchivingProperties.RestoreKeys.Where(properties.File.Remove).ToList();
        await properties.File.SaveAsync(propertiesPath, cancellationToken).ConfigureAwait(false);
        // Only what Amphora staged goes (its restore directory lives inside this one); a restore directory the operator set up is theirs.
        var ours = Path.Combine(target.CommitLogDirectory, PointInTimeRestore.DirectoryName);
        if (!Directory.Exists(ours))
        {
            return new RestoreFinishResult(removed, []);
        }

        Directory.Delete(ours, recursive: true);
        return new RestoreFinishResult(removed, [ours]);
    }
}

/// <summary>The settings removed and the directories deleted; both empty when there was nothing to finish.</summary>
public sealed record RestoreFinishResult(IReadOnlyList<string> RemovedSettings, IReadOnlyList<string> DeletedDirectories);

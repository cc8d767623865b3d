using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;
using Amphora.Core.IO;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>
/// Runs a <see cref="PointInTimePlan"/> on a stopped node: downloads and checks every segment first, keeps the node's
/// own unarchived segments, restores the SSTables in place (the commit log directory moves aside with the rest), then
/// writes the restore settings. Cassandra does the replay at its next start-up; <see cref="RestoreFinish"/> removes the
/// settings afterwards.
/// </summary>
public sealed class PointInTimeRestore(BackupRepository repository, RestoreTarget target, IRestoreProgress progress, int parallelism)
{
    /// <summary>The directory under the commit log directory where Amphora keeps a point-in-time restore's segments.</summary>
    public const string DirectoryName = ".amphora-pitr";

    public async Task<InPlaceRestoreResult> RunAsync(PointInTimePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var properties = await CommitLogArchivingProperties.LoadOrEmptyAsync(plan.PropertiesPath, cancellationToken).ConfigureAwait(false);
        if (properties.HasRestoreSettings)
        {
            throw new ArgumentException(
                $"{plan.PropertiesPath} already holds restore settings (an earlier point-in-time restore not finished): start the node to replay it and run " +
                "'amphora restore finish', or discard it with 'amphora restore finish --force', then restore again.");
        }

        if (await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException(
                $"the node ({target.Node.Description}) is running: a point-in-time restore needs it stopped (nodetool drain, then stop Cassandra).");
        }

        await StageSegmentsAsync(plan, cancellationToken).ConfigureAwait(false);
        var result = await new InPlaceRestore(repository, target, progress, parallelism).RunAsync(plan.Restore, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in plan.Settings)
        {
            properties.File.Set(key, value);
        }

        await properties.File.SaveAsync(plan.PropertiesPath, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Fills the restore directory with exactly the plan's segments, each checked against its record.</summary>
    private async Task StageSegmentsAsync(PointInTimePlan plan, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plan.RestoreDirectory);
        Directory.CreateDirectory(plan.DownloadDirectory);
        var wanted = plan.Segments.Select(s => s.Name).Concat(plan.LocalSegments).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFileSystemEntries(plan.RestoreDirectory).Where(p => !wanted.Contains(Path.GetFileName(p))))
        {
            // Cassandra would try to restore any file here (and fail start-up on one that is not a segment).
            File.Delete(stale);
        }

        progress.Stage($"Staging {plan.Segments.Count} commit log segment(s) in {plan.RestoreDirectory}");
        progress.Planned(plan.Segments.Count, plan.SegmentBytes, 0);
        var archive = new CommitLogArchive(repository.Store);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan.Segments, options, async (segment, token) =>
        {
            var staged = Path.Combine(plan.RestoreDirectory, segment.Name);
            var reused = File.Exists(staged) && await FileHasher.MatchesAsync(staged, segment.Size, ContentHash.Parse(segment.Sha256), null, token).ConfigureAwait(false);
            if (!reused)
            {
                var download = Path.Combine(plan.DownloadDirectory, segment.Name);
                await archive.DownloadAsync(segment, download, token).ConfigureAwait(false);
                File.Move(download, staged, overwrite: true);
            }

            progress.Transferred(segment.Size);
            progress.FileStaged(staged, segment.Size, downloaded: !reused);
        }).ConfigureAwait(false);

        foreach (var name in plan.LocalSegments)
        {
            var staged = Path.Combine(plan.RestoreDirectory, name);
            if (!File.Exists(staged))
            {
                HardLink.Create(Path.Combine(target.CommitLogDirectory, name), staged);
            }
        }
    }
}

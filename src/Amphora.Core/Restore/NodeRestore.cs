using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>Runs a planned node restore in its mode; what the CLI and a cluster restore call for each node.</summary>
public static class NodeRestore
{
    public static async Task<StagedDownloadResult> RunAsync(
        BackupRepository repository, RestorePlan plan, RestoreTarget target, RestoreOptions options, IRestoreProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (plan.Space.FirstOrDefault(s => !s.IsEnough) is { } full)
        {
            throw new IOException(
                $"not enough free space for the restore on the filesystem of {full.Directory}: it needs {full.Needed:N0} bytes and has {full.Available:N0}. " +
                "Free some space (old snapshots: 'amphora snapshots list') or restore fewer tables with -K.");
        }

        switch (plan.Mode)
        {
            case RestoreMode.InPlace:
                var result = await new InPlaceRestore(repository, target, progress, options.Parallelism).RunAsync(plan, cancellationToken).ConfigureAwait(false);
                progress.Stage($"The node's previous files are in rollback folder {result.Journal.Id}: 'amphora restore rollback' puts them back, " +
                    "'amphora restore cleanup' removes them. Start the node to load the restored tables.");
                return result.Staged;
            case RestoreMode.Import:
                return await new LiveImport(repository, target, progress, options.Parallelism).RunAsync(plan, options.LoadWith, cancellationToken).ConfigureAwait(false);
            default:
                return await new SSTableLoaderRestore(repository, progress, options.Parallelism)
                    .RunAsync(plan, options.LoaderCommand ?? throw new ArgumentException("--sstableloader needs a command line."), cancellationToken).ConfigureAwait(false);
        }
    }
}

using Amphora.Api.Agent;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Core.Restore;

namespace Amphora.Agent;

/// <summary>
/// A restore job: the node's own part of a backup (or, without a tag, its newest complete snapshot and the incremental
/// SSTables after it, as <c>amphora restore --latest</c>) by live import or in place, through the library the CLI uses.
/// </summary>
public sealed class AgentRestore(BackupRepository repository, RestoreTarget target, JobProgress progress)
{
    public static RestoreMode ModeOf(string mode) => mode switch
    {
        "import" => RestoreMode.Import,
        "in-place" => RestoreMode.InPlace,
        _ => throw new ArgumentException($"restore mode '{mode}' is not one the agent runs: use \"import\" (node running) or \"in-place\" (node stopped)."),
    };

    /// <param name="hostId">This node's host id, when known (the node may be stopped for an in-place restore).</param>
    public async Task<IReadOnlyList<string>> RunAsync(RestoreJobRequest request, Guid? hostId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new RestoreOptions { Mode = ModeOf(request.Mode), Tables = new TableFilter(request.Tables) };
        var catalog = new BackupCatalog(repository);
        progress.Stage(request.Tag is null ? "Finding the newest complete backup" : $"Finding backup {request.Tag}");
        var backup = request.Tag is null
            ? await catalog.LatestCompleteAsync(null, cancellationToken).ConfigureAwait(false)
            : await catalog.FindAsync(request.Tag, null, cancellationToken).ConfigureAwait(false);
        if (backup.Kind == BackupKind.Incremental)
        {
            throw new ArgumentException($"{backup.Tag} is an incremental backup; restore without a tag for the newest snapshot and the incrementals after it.");
        }

        var source = await RestoreSource.SelectAsync(repository, backup, null, hostId, cancellationToken).ConfigureAwait(false);
        var chain = request.Tag is null ? await RestoreChainBuilder.AfterSnapshotAsync(repository, source, cancellationToken).ConfigureAwait(false) : null;
        var plan = RestorePlanner.Plan(chain?.Manifest ?? source, options, target);
        var staged = await NodeRestore.RunAsync(repository, plan, target, options, new RestoreProgress(progress), cancellationToken).ConfigureAwait(false);
        return [
            $"restored {plan.Tables.Count} table(s) of backup {plan.Source.Tag} (node {plan.Source.Node.HostId}) by {request.Mode}" +
                (chain is null ? string.Empty : $", with {chain.Taken.Count} incremental SSTable(s) flushed after it"),
            $"downloaded {staged.FilesDownloaded} file(s), {staged.BytesDownloaded} bytes; {staged.FilesReused} file(s), {staged.BytesReused} bytes, were staged by an earlier run",
        ];
    }

    /// <summary>A restore's stages as the job's stage.</summary>
    private sealed class RestoreProgress(JobProgress job) : IRestoreProgress
    {
        public void Stage(string description) => job.Stage(description);

        public void Planned(long files, long bytes, long alreadyStaged)
        {
        }

        public void Transferred(long bytes)
        {
        }

        public void FileStaged(string path, long bytes, bool downloaded)
        {
        }
    }
}

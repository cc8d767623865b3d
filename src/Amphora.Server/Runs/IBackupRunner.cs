using Amphora.Api.Server;

namespace Amphora.Server.Runs;

/// <summary>
/// Executes runs of backup tasks across a cluster's agents: snapshots on every selected node close together in time, then
/// uploads, then (after a successful run) retention. The scheduler owns when; the runner owns how.
/// </summary>
public interface IBackupRunner
{
    /// <summary>A new run of the task: every node of the selected datacenters pending, tag <c>TASKNAME-yyyyMMdd-HHmmss</c> (UTC).</summary>
    RunInfo NewRun(BackupRunContext context, DateTimeOffset now);

    /// <summary>
    /// Runs, or continues after a stop, until the run ends or <paramref name="stopping"/> is cancelled (then the agents' jobs are
    /// cancelled, unfinished nodes become <see cref="NodeStage.Stopped"/> and the run <see cref="RunStatus.Stopped"/>).
    /// Nodes already done are not touched again. Calls <paramref name="save"/> after every change worth persisting.
    /// Returns the run as it ended; never throws for a node's failure (the run is <see cref="RunStatus.Failed"/> with the error).
    /// </summary>
    Task<RunInfo> RunAsync(BackupRunContext context, RunInfo run, Func<RunInfo, CancellationToken, Task> save, CancellationToken stopping);

    /// <summary>The dry run: per selected node what it would upload, and each selected datacenter's location.</summary>
    Task<(IReadOnlyList<NodeDryRun> Nodes, IReadOnlyDictionary<string, string> Locations)> PlanAsync(BackupRunContext context, CancellationToken cancellationToken);
}

namespace Amphora.Api.Agent;

/// <summary>
/// Everything the agent on a node offers, and nothing more: no file or command access. Over HTTPS with a bearer token
/// (AgentClient); the routes are in <see cref="AgentRoutes"/>.
/// </summary>
public interface IAgentApi
{
    Task<AgentNodeInfo> NodeAsync(CancellationToken cancellationToken);

    Task TakeSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken);

    Task ClearSnapshotAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<LocalSnapshotInfo>> SnapshotsAsync(CancellationToken cancellationToken);

    Task<BackupPlan> PlanBackupAsync(BackupPlanRequest request, CancellationToken cancellationToken);

    Task<JobStatus> StartBackupAsync(BackupJobRequest request, CancellationToken cancellationToken);

    Task<JobStatus> StartIncrementalAsync(IncrementalJobRequest request, CancellationToken cancellationToken);

    Task<JobStatus> StartCommitLogShipAsync(CommitLogShipJobRequest request, CancellationToken cancellationToken);

    Task<JobStatus> StartRestoreAsync(RestoreJobRequest request, CancellationToken cancellationToken);

    /// <summary>The job, or <see cref="AgentJobNotFoundException"/> when the agent does not know it (it restarted since).</summary>
    Task<JobStatus> JobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Cancels a running job and waits until it has stopped; an ended job is left as it is.</summary>
    Task<JobStatus> CancelJobAsync(string id, CancellationToken cancellationToken);
}

namespace Amphora.Api.Agent;

/// <summary>The agent's HTTP routes, shared by the agent and its client.</summary>
public static class AgentRoutes
{
    public const string Node = "/v1/node";
    public const string Snapshots = "/v1/snapshots";
    public const string Snapshot = "/v1/snapshots/{name}";
    public const string BackupPlan = "/v1/backup-plan";
    public const string BackupJobs = "/v1/jobs/backup";
    public const string IncrementalJobs = "/v1/jobs/incremental";
    public const string CommitLogShipJobs = "/v1/jobs/commitlog-ship";
    public const string RestoreJobs = "/v1/jobs/restore";
    public const string Job = "/v1/jobs/{id}";
    public const string Metrics = "/metrics";
}

namespace Amphora.Api.Server;

/// <summary>The server's REST routes, shared by the server and the CLI's client.</summary>
public static class ServerRoutes
{
    public const string Clusters = "/api/v1/clusters";
    public const string Cluster = "/api/v1/clusters/{cluster}";
    public const string Suspend = "/api/v1/clusters/{cluster}/suspend";
    public const string Resume = "/api/v1/clusters/{cluster}/resume";
    public const string Tasks = "/api/v1/clusters/{cluster}/tasks";
    public const string BackupTasks = "/api/v1/clusters/{cluster}/tasks/backup";
    public const string BackupDryRun = "/api/v1/clusters/{cluster}/tasks/backup/dry-run";
    public const string Task = "/api/v1/clusters/{cluster}/tasks/{task}";
    public const string TaskProgress = "/api/v1/clusters/{cluster}/tasks/{task}/progress";
    public const string TaskRuns = "/api/v1/clusters/{cluster}/tasks/{task}/runs";
    public const string TaskStop = "/api/v1/clusters/{cluster}/tasks/{task}/stop";
    public const string TaskStart = "/api/v1/clusters/{cluster}/tasks/{task}/start";
    public const string Metrics = "/metrics";
    public const string OpenApi = "/openapi/v1.json";
}

using Amphora.Api.Server;

namespace Amphora.Server.Runs;

/// <summary>What one run of a backup task needs: the cluster as discovered, the task, and a way to reach its agents.</summary>
public sealed record BackupRunContext(ClusterInfo Cluster, TaskInfo Task, IAgentConnector Agents);

using Amphora.Api.Server;

namespace Amphora.Server.State;

/// <summary>
/// The server's state: clusters, tasks and runs. Plain SQL behind it so another database can follow SQLite. Each write is
/// atomic; readers never see half of one. Tasks are returned without <see cref="TaskInfo.LastRun"/>.
/// </summary>
public interface IServerStore
{
    /// <summary>Adds a cluster; false when one of that name exists.</summary>
    Task<bool> AddClusterAsync(StoredCluster cluster, CancellationToken cancellationToken);

    Task<StoredCluster?> ClusterAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredCluster>> ClustersAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the topology, fingerprints and suspended flag.</summary>
    Task UpdateClusterAsync(StoredCluster cluster, CancellationToken cancellationToken);

    /// <summary>Removes the cluster, its tasks and their runs.</summary>
    Task RemoveClusterAsync(string name, CancellationToken cancellationToken);

    /// <summary>Adds a task; false when its cluster already has a task of that name.</summary>
    Task<bool> AddTaskAsync(TaskInfo task, CancellationToken cancellationToken);

    Task<TaskInfo?> TaskAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every task, or a cluster's.</summary>
    Task<IReadOnlyList<TaskInfo>> TasksAsync(string? cluster, CancellationToken cancellationToken);

    /// <summary>Replaces enabled, next run and failure count (name, cluster and spec do not change).</summary>
    Task UpdateTaskAsync(TaskInfo task, CancellationToken cancellationToken);

    /// <summary>Removes the task and its runs.</summary>
    Task RemoveTaskAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a run.</summary>
    Task SaveRunAsync(RunInfo run, CancellationToken cancellationToken);

    /// <summary>A task's runs, newest first.</summary>
    Task<IReadOnlyList<RunInfo>> RunsAsync(Guid taskId, CancellationToken cancellationToken);

    Task<RunInfo?> LatestRunAsync(Guid taskId, CancellationToken cancellationToken);
}

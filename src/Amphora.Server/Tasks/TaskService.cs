using Amphora.Api.Server;
using Amphora.Server.Api;
using Amphora.Server.Clusters;
using Amphora.Server.Runs;
using Amphora.Server.State;

namespace Amphora.Server.Tasks;

/// <summary>Backup tasks: create (or dry-run), list, show, progress, stop, start and delete.</summary>
public sealed class TaskService(
    IServerStore store, ClusterService clusters, RunCoordinator runs, IBackupRunner runner, IAgentConnectorFactory agents, TimeProvider time)
{
    public const string BackupKind = "backup";

    public async Task<TaskInfo> CreateBackupAsync(string cluster, BackupTaskSpec spec, CancellationToken cancellationToken)
    {
        var (task, _) = await PrepareAsync(cluster, spec, cancellationToken).ConfigureAwait(false);
        if (!await store.AddTaskAsync(task, cancellationToken).ConfigureAwait(false))
        {
            throw ServerRequestException.Conflict($"cluster {cluster} has a task named {task.Name} already; choose another --name or delete it.");
        }

        return task;
    }

    public async Task<BackupDryRun> DryRunAsync(string cluster, BackupTaskSpec spec, CancellationToken cancellationToken)
    {
        var (task, schedule) = await PrepareAsync(cluster, spec, cancellationToken).ConfigureAwait(false);
        var stored = await clusters.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        var context = new BackupRunContext(stored.Info, task,
            agents.Create(stored.Token, stored.CaCertificatePem, new Dictionary<string, string>(stored.Fingerprints, StringComparer.Ordinal)));
        var (nodes, locations) = await runner.PlanAsync(context, cancellationToken).ConfigureAwait(false);
        return new BackupDryRun
        {
            Nodes = nodes,
            Locations = locations,
            Limits = BackupTaskValidation.LimitsText(task.Spec),
            Retention = BackupTaskValidation.RetentionText(task.Spec),
            Schedule = schedule.Description,
            NextRuns = schedule.Upcoming(time.GetUtcNow(), 3),
        };
    }

    public async Task<IReadOnlyList<TaskInfo>> ListAsync(string cluster, CancellationToken cancellationToken)
    {
        await clusters.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        var tasks = new List<TaskInfo>();
        foreach (var task in await store.TasksAsync(cluster, cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(task with { LastRun = await store.LatestRunAsync(task.Id, cancellationToken).ConfigureAwait(false) });
        }

        return tasks;
    }

    /// <summary>The task named (or with the id) <paramref name="task"/>, with its newest run.</summary>
    public async Task<TaskInfo> GetAsync(string cluster, string task, CancellationToken cancellationToken)
    {
        await clusters.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        var tasks = await store.TasksAsync(cluster, cancellationToken).ConfigureAwait(false);
        var found = tasks.FirstOrDefault(t => t.Name == task || t.Id.ToString() == task)
            ?? throw ServerRequestException.NotFound($"cluster {cluster} has no task {task}; see amphora task list --cluster {cluster}.");
        return found with { LastRun = await store.LatestRunAsync(found.Id, cancellationToken).ConfigureAwait(false) };
    }

    public async Task<IReadOnlyList<RunInfo>> RunsAsync(string cluster, string task, CancellationToken cancellationToken)
    {
        var found = await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        return await store.RunsAsync(found.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunInfo> ProgressAsync(string cluster, string task, CancellationToken cancellationToken) =>
        (await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false)).LastRun
            ?? throw ServerRequestException.NotFound($"task {task} has not run yet; see its next run in amphora task show.");

    /// <summary>Disables the task and stops its run in progress (kept, so start continues it).</summary>
    public async Task<TaskInfo> StopAsync(string cluster, string task, CancellationToken cancellationToken)
    {
        var found = await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        await store.UpdateTaskAsync(found with { Enabled = false }, cancellationToken).ConfigureAwait(false);
        await runs.StopAsync(found.Id).ConfigureAwait(false);
        return await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Enables the task and makes it due now: a stopped newest run is continued, otherwise a new run starts.</summary>
    public async Task<TaskInfo> StartAsync(string cluster, string task, CancellationToken cancellationToken)
    {
        var found = await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        var started = found with { Enabled = true, NextRunAt = time.GetUtcNow() };
        await store.UpdateTaskAsync(started, cancellationToken).ConfigureAwait(false);
        return started;
    }

    /// <summary>Stops the task's run and removes the task with its run history; the backups in the location stay.</summary>
    public async Task DeleteAsync(string cluster, string task, CancellationToken cancellationToken)
    {
        var found = await GetAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        await store.UpdateTaskAsync(found with { Enabled = false }, cancellationToken).ConfigureAwait(false);
        await runs.StopAsync(found.Id).ConfigureAwait(false);
        await store.RemoveTaskAsync(found.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(TaskInfo Task, Scheduling.TaskSchedule Schedule)> PrepareAsync(string cluster, BackupTaskSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var stored = await clusters.GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        var existing = (await store.TasksAsync(cluster, cancellationToken).ConfigureAwait(false)).Select(task => task.Name).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var (normalized, _, schedule) = BackupTaskValidation.Validate(spec, stored.Info, existing, now);
        var task = new TaskInfo
        {
            Id = Guid.NewGuid(),
            Cluster = cluster,
            Name = normalized.Name!,
            Kind = BackupKind,
            Spec = normalized,
            Enabled = true,
            NextRunAt = schedule.First(now),
        };
        return (task, schedule);
    }
}

using Amphora.Api.Metrics;
using Amphora.Api.Server;
using Amphora.Server.State;
using Amphora.Server.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Amphora.Server.Scheduling;

/// <summary>
/// Every second: starts a run of each enabled task whose time has come, unless its cluster is suspended or already has a
/// run. A due task whose newest run was stopped (by suspend, or by a server shutdown) or left running (by a crash)
/// continues that run, so completed uploads are not redone. On start, such runs are made due at once.
/// </summary>
public sealed partial class BackupScheduler(IServerStore store, RunCoordinator runs, TimeProvider time, MetricsRegistry metrics, ILogger<BackupScheduler> log)
    : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly MetricFamily _clusters = metrics.Gauge("amphora_server_clusters", "Clusters registered with the server.");
    private readonly MetricFamily _tasks = metrics.Gauge("amphora_server_tasks", "Tasks by cluster and state (enabled, disabled).", "cluster", "state");

    /// <summary>Makes the unfinished runs of enabled tasks on clusters not suspended due now.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var cluster in await store.ClustersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (cluster.Info.Suspended)
            {
                continue;
            }

            foreach (var task in await store.TasksAsync(cluster.Name, cancellationToken).ConfigureAwait(false))
            {
                if (task.Enabled && await store.LatestRunAsync(task.Id, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Running or RunStatus.Stopped })
                {
                    await store.UpdateTaskAsync(task with { NextRunAt = now }, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One scheduling decision over every task; also refreshes the cluster and task gauges.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clusters = (await store.ClustersAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(cluster => cluster.Name, StringComparer.Ordinal);
        var tasks = await store.TasksAsync(null, cancellationToken).ConfigureAwait(false);
        RefreshGauges(clusters.Count, tasks);
        foreach (var task in tasks.Where(task => task.Enabled && task.NextRunAt <= now).OrderBy(task => task.NextRunAt))
        {
            if (!clusters.TryGetValue(task.Cluster, out var cluster) || cluster.Info.Suspended || runs.RunningTask(cluster.Name) is not null)
            {
                continue;
            }

            var latest = await store.LatestRunAsync(task.Id, cancellationToken).ConfigureAwait(false);
            runs.TryStart(cluster, task, latest is { Status: RunStatus.Running or RunStatus.Stopped } ? latest : null);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await runs.StopAllAsync().ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // A database hiccup must not end scheduling: the next tick tries again.
                LogTickFailed(log, e);
            }

            await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private void RefreshGauges(int clusterCount, IReadOnlyList<TaskInfo> tasks)
    {
        _clusters.Set(clusterCount);
        _tasks.Clear();
        foreach (var group in tasks.GroupBy(task => (task.Cluster, State: task.Enabled ? "enabled" : "disabled")))
        {
            _tasks.Set(group.Count(), group.Key.Cluster, group.Key.State);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduling failed; trying again in a second")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}

using Amphora.Core.Configuration;
using Amphora.Api.Server;
using Amphora.Server.Runs;
using Amphora.Server.Scheduling;
using Amphora.Server.State;
using Microsoft.Extensions.Logging;

namespace Amphora.Server.Tasks;

/// <summary>
/// The runs in progress: at most one per cluster (so two runs of one task never overlap either). Starts a run through the
/// <see cref="IBackupRunner"/>, cancels it on stop, and after it ends decides the task's next run: the next scheduled time
/// after a success (a one-shot task is disabled), a retry with doubling waits after a failure while retries remain.
/// </summary>
public sealed partial class RunCoordinator(
    IServerStore store, IBackupRunner runner, IAgentConnectorFactory agents, TimeProvider time, ILogger<RunCoordinator> log)
{
    private readonly Dictionary<string, ActiveRun> _byCluster = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The task whose run is in progress on the cluster, if any.</summary>
    public Guid? RunningTask(string cluster)
    {
        lock (_gate)
        {
            return _byCluster.TryGetValue(cluster, out var active) ? active.TaskId : null;
        }
    }

    public bool IsRunning(Guid taskId)
    {
        lock (_gate)
        {
            return _byCluster.Values.Any(active => active.TaskId == taskId);
        }
    }

    /// <summary>Completes when the task's run in progress (if any) has ended and its outcome is stored.</summary>
    public Task WhenEndedAsync(Guid taskId)
    {
        lock (_gate)
        {
            return _byCluster.Values.FirstOrDefault(active => active.TaskId == taskId)?.Completion ?? Task.CompletedTask;
        }
    }

    /// <summary>
    /// Starts a run of the task (continuing <paramref name="resume"/> when given) unless the cluster already has one;
    /// false then.
    /// </summary>
    public bool TryStart(StoredCluster cluster, TaskInfo task, RunInfo? resume)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_byCluster.ContainsKey(cluster.Name))
            {
                return false;
            }

            var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var completion = RunAsync(cluster, task, resume, started.Task, stop);
            _byCluster[cluster.Name] = new ActiveRun(task.Id, stop, completion);
            started.SetResult();
            return true;
        }
    }

    /// <summary>Cancels the task's run in progress, if any, and waits until it has stopped and been saved.</summary>
    public async Task StopAsync(Guid taskId)
    {
        ActiveRun? active;
        lock (_gate)
        {
            active = _byCluster.Values.FirstOrDefault(run => run.TaskId == taskId);
        }

        if (active is not null)
        {
            await active.Stop.CancelAsync().ConfigureAwait(false);
            await active.Completion.ConfigureAwait(false);
        }
    }

    /// <summary>Stops every run in progress (server shutdown: they continue when it starts again).</summary>
    public async Task StopAllAsync()
    {
        List<ActiveRun> all;
        lock (_gate)
        {
            all = [.. _byCluster.Values];
        }

        foreach (var active in all)
        {
            await active.Stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(all.Select(active => active.Completion)).ConfigureAwait(false);
    }

    private async Task RunAsync(StoredCluster cluster, TaskInfo task, RunInfo? resume, Task started, CancellationTokenSource stop)
    {
        // Registered before the run does anything, so a stop that follows TryStart always finds it.
        await started.ConfigureAwait(false);
        try
        {
            var fingerprints = new Dictionary<string, string>(cluster.Fingerprints, StringComparer.Ordinal);
            var context = new BackupRunContext(cluster.Info, task, agents.Create(cluster.Token, cluster.CaCertificatePem, fingerprints));
            var run = resume is null ? runner.NewRun(context, time.GetUtcNow()) : resume with { Status = RunStatus.Running, FinishedAt = null, Error = null };
            await store.SaveRunAsync(run, CancellationToken.None).ConfigureAwait(false);
            LogRunStarted(log, task.Cluster, task.Name, run.Tag, resume is not null);
            RunInfo ended;
            try
            {
                ended = await runner.RunAsync(context, run, (saved, cancellationToken) => store.SaveRunAsync(saved, cancellationToken), stop.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The runner reports node failures in the run; an exception is its own failure, kept for the operator to see.
                ended = run with { Status = stop.IsCancellationRequested ? RunStatus.Stopped : RunStatus.Failed, Error = e.Message };
            }

            ended = ended with { FinishedAt = ended.FinishedAt ?? time.GetUtcNow() };
            await store.SaveRunAsync(ended, CancellationToken.None).ConfigureAwait(false);
            LogRunEnded(log, task.Cluster, task.Name, ended.Tag, ended.Status, ended.Error);
            await AfterRunAsync(task.Id, ended).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRunCrashed(log, e, task.Cluster, task.Name);
        }
        finally
        {
            lock (_gate)
            {
                _byCluster.Remove(cluster.Name);
            }

            stop.Dispose();
        }
    }

    private async Task AfterRunAsync(Guid taskId, RunInfo ended)
    {
        // Read again: stop may have disabled the task and delete removed it while the run went on.
        if (await store.TaskAsync(taskId, CancellationToken.None).ConfigureAwait(false) is not { } task)
        {
            return;
        }

        var next = NextAfterRun(task, ended.Status, time.GetUtcNow());
        if (next is not null)
        {
            await store.UpdateTaskAsync(next, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The task after a run ended with <paramref name="status"/>; null: leave it as it is (a stopped run).</summary>
    public static TaskInfo? NextAfterRun(TaskInfo task, string status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        var schedule = TaskSchedule.Of(task.Spec, now);
        switch (status)
        {
            case RunStatus.Succeeded:
                return Scheduled(task with { ConsecutiveFailures = 0 }, schedule, now);
            case RunStatus.Failed:
                var failures = task.ConsecutiveFailures + 1;
                if (failures <= task.Spec.Retries)
                {
                    var wait = DurationText.Parse(task.Spec.RetryWait, "retry wait") * Math.Pow(2, failures - 1);
                    return task with { ConsecutiveFailures = failures, NextRunAt = now + wait };
                }

                // Retries used up: wait for the next scheduled time, which starts with its retries afresh.
                return Scheduled(task with { ConsecutiveFailures = 0 }, schedule, now);
            default:
                return null;
        }
    }

    private static TaskInfo Scheduled(TaskInfo task, TaskSchedule schedule, DateTimeOffset now) =>
        schedule.IsOneShot || schedule.NextAfter(now) is not { } next
            ? task with { Enabled = false, NextRunAt = null }
            : task with { NextRunAt = next };

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster {Cluster} task {Task}: run {Tag} started (continuing: {Continuing})")]
    private static partial void LogRunStarted(ILogger logger, string cluster, string task, string tag, bool continuing);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster {Cluster} task {Task}: run {Tag} ended {Status} {Error}")]
    private static partial void LogRunEnded(ILogger logger, string cluster, string task, string tag, string status, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "cluster {Cluster} task {Task}: the run could not be recorded")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception, string cluster, string task);

    private sealed record ActiveRun(Guid TaskId, CancellationTokenSource Stop, Task Completion);
}

using Amphora.Api.Server;
using Amphora.Tests.Server.Support;

namespace Amphora.Tests.Server;

/// <summary>Scheduling decisions on a real server and database, with the clock moved by hand and each tick run by the test.</summary>
public sealed class BackupSchedulerTests
{
    private static BackupTaskSpec Spec(string name, string? cron = null, string? interval = null) =>
        new() { Name = name, Locations = "file:/backups", Cron = cron, Interval = interval };

    private static async Task<TaskInfo> TaskAsync(ServerBench bench, TaskInfo task) => await bench.Client.TaskAsync(task.Cluster, task.Name, CancellationToken.None);

    [Fact]
    public async Task A_due_task_runs_once_and_is_scheduled_again_after_success()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1", "dc2");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("hourly", cron: "30 * * * *"), CancellationToken.None);
        Assert.Equal(bench.Time.GetUtcNow().AddMinutes(30), task.NextRunAt);

        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));

        bench.Time.Advance(TimeSpan.FromMinutes(30));
        await bench.TickAsync();
        var run = await bench.NextStartedRunAsync();
        Assert.Equal("hourly-20260302-103000", run.Run.Tag);

        // Still due while it runs: ticking again starts nothing (two runs of a task never overlap).
        await bench.TickAsync();
        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));

        bench.Time.Advance(TimeSpan.FromMinutes(5));
        run.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);
        var after = await TaskAsync(bench, task);
        Assert.Equal(RunStatus.Succeeded, after.LastRun!.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 30, 0, TimeSpan.Zero), after.NextRunAt);
        Assert.Equal(0, after.ConsecutiveFailures);
        Assert.Equal(1, bench.Runner.MostConcurrent);
    }

    [Fact]
    public async Task Failed_runs_are_retried_with_doubling_waits_then_wait_for_the_schedule()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1");
        var start = bench.Time.GetUtcNow();
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("daily", interval: "1d") with { Retries = 2, RetryWait = "10m" }, CancellationToken.None);

        await bench.TickAsync();
        (await bench.NextStartedRunAsync()).Finish(RunStatus.Failed);
        await bench.Runs.WhenEndedAsync(task.Id);
        var first = await TaskAsync(bench, task);
        Assert.Equal((1, start.AddMinutes(10)), (first.ConsecutiveFailures, first.NextRunAt));

        bench.Time.Advance(TimeSpan.FromMinutes(10));
        await bench.TickAsync();
        (await bench.NextStartedRunAsync()).Finish(RunStatus.Failed);
        await bench.Runs.WhenEndedAsync(task.Id);
        var second = await TaskAsync(bench, task);
        Assert.Equal((2, start.AddMinutes(30)), (second.ConsecutiveFailures, second.NextRunAt));

        bench.Time.Advance(TimeSpan.FromMinutes(20));
        await bench.TickAsync();
        var third = await bench.NextStartedRunAsync();
        Assert.NotEqual(first.LastRun!.Id, third.Run.Id);
        third.Finish(RunStatus.Failed);
        await bench.Runs.WhenEndedAsync(task.Id);
        var exhausted = await TaskAsync(bench, task);
        Assert.Equal((0, start.AddDays(1)), (exhausted.ConsecutiveFailures, exhausted.NextRunAt));
        Assert.True(exhausted.Enabled);
        Assert.Equal(3, (await bench.Client.RunsAsync("prod", "daily", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_one_shot_task_runs_once_and_is_disabled()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("once"), CancellationToken.None);
        Assert.Equal(bench.Time.GetUtcNow(), task.NextRunAt);

        await bench.TickAsync();
        (await bench.NextStartedRunAsync()).Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);
        var after = await TaskAsync(bench, task);
        Assert.False(after.Enabled);
        Assert.Null(after.NextRunAt);

        bench.Time.Advance(TimeSpan.FromDays(1));
        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));
    }

    [Fact]
    public async Task Stop_then_start_continues_the_same_run()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1", "dc2");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("nightly", cron: "0 2 * * *"), CancellationToken.None);
        await bench.Client.StartTaskAsync("prod", "nightly", CancellationToken.None);
        await bench.TickAsync();
        var first = await bench.NextStartedRunAsync();

        var stopped = await bench.Client.StopTaskAsync("prod", "nightly", CancellationToken.None);
        Assert.False(stopped.Enabled);
        Assert.Equal(RunStatus.Stopped, stopped.LastRun!.Status);
        Assert.Equal([NodeStage.Done, NodeStage.Stopped], stopped.LastRun.Nodes.Select(node => node.Stage));
        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));

        var started = await bench.Client.StartTaskAsync("prod", "nightly", CancellationToken.None);
        Assert.True(started.Enabled);
        await bench.TickAsync();
        var continued = await bench.NextStartedRunAsync();
        Assert.Equal((first.Run.Id, first.Run.Tag), (continued.Run.Id, continued.Run.Tag));
        continued.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);
        var runs = await bench.Client.RunsAsync("prod", "nightly", CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, Assert.Single(runs).Status);
    }

    [Fact]
    public async Task One_run_per_cluster_and_suspend_then_resume_continues_the_stopped_run()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1");
        var first = await bench.Client.CreateBackupTaskAsync("prod", Spec("a", interval: "1d"), CancellationToken.None);
        var second = await bench.Client.CreateBackupTaskAsync("prod", Spec("b", interval: "1d"), CancellationToken.None);

        await bench.TickAsync();
        var runOfA = await bench.NextStartedRunAsync();
        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));
        runOfA.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(first.Id);

        await bench.TickAsync();
        var runOfB = await bench.NextStartedRunAsync();
        Assert.Equal(second.Id, runOfB.Run.TaskId);

        await bench.Client.SuspendAsync("prod", CancellationToken.None);
        var suspended = await TaskAsync(bench, second);
        Assert.True(suspended.Enabled);
        Assert.Equal(RunStatus.Stopped, suspended.LastRun!.Status);
        Assert.True((await bench.Client.ClusterAsync("prod", false, CancellationToken.None)).Suspended);
        bench.Time.Advance(TimeSpan.FromHours(1));
        await bench.TickAsync();
        Assert.False(bench.Runner.Started.TryRead(out _));

        await bench.Client.ResumeAsync("prod", CancellationToken.None);
        await bench.TickAsync();
        var resumed = await bench.NextStartedRunAsync();
        Assert.Equal(runOfB.Run.Id, resumed.Run.Id);
        resumed.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(second.Id);
        Assert.Equal(1, bench.Runner.MostConcurrent);
    }

    [Fact]
    public async Task Runs_left_by_a_shutdown_or_a_crash_continue_when_the_server_starts()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1", "dc2");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("nightly", cron: "0 2 * * *"), CancellationToken.None);
        await bench.Client.StartTaskAsync("prod", "nightly", CancellationToken.None);
        await bench.TickAsync();
        var interrupted = await bench.NextStartedRunAsync();

        await bench.RestartAsync();
        Assert.Equal(RunStatus.Stopped, (await TaskAsync(bench, task)).LastRun!.Status);
        await bench.RecoverAsync();
        await bench.TickAsync();
        var continued = await bench.NextStartedRunAsync();
        Assert.Equal(interrupted.Run.Id, continued.Run.Id);
        continued.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);

        // A crash leaves the run marked running: it continues too.
        var crashed = continued.Run with { Id = Guid.NewGuid(), Tag = "nightly-crashed", StartedAt = bench.Time.GetUtcNow().AddMinutes(1), Status = RunStatus.Running };
        await bench.Store.SaveRunAsync(crashed, CancellationToken.None);
        await bench.RecoverAsync();
        await bench.TickAsync();
        var afterCrash = await bench.NextStartedRunAsync();
        Assert.Equal(crashed.Id, afterCrash.Run.Id);
        afterCrash.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);
    }

    [Fact]
    public async Task Delete_stops_the_run_and_remove_is_refused_while_one_runs()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("once"), CancellationToken.None);
        await bench.TickAsync();
        await bench.NextStartedRunAsync();

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => bench.Client.RemoveClusterAsync("prod", CancellationToken.None));
        Assert.Equal(409, refused.StatusCode);
        Assert.Contains("stop it first", refused.Message, StringComparison.Ordinal);

        await bench.Client.DeleteTaskAsync("prod", "once", CancellationToken.None);
        Assert.False(bench.Runs.IsRunning(task.Id));
        Assert.Empty(await bench.Client.TasksAsync("prod", CancellationToken.None));
        await bench.Client.RemoveClusterAsync("prod", CancellationToken.None);
        Assert.Empty(await bench.Client.ClustersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_scheduler_loop_starts_due_runs_by_itself()
    {
        await using var bench = await ServerBench.StartAsync(scheduling: true);
        await bench.AddClusterAsync("prod", "dc1");
        var task = await bench.Client.CreateBackupTaskAsync("prod", Spec("once"), CancellationToken.None);

        var run = await bench.NextStartedRunAsync();
        Assert.Equal(task.Id, run.Run.TaskId);
        run.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);
        Assert.False((await TaskAsync(bench, task)).Enabled);
    }
}

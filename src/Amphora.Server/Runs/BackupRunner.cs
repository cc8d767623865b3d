using System.Text.RegularExpressions;
using Amphora.Api.Agent;
using Amphora.Api.Server;
using Amphora.Api.Metrics;
using Amphora.Core.Backup;
using Amphora.Core.Configuration;
using Amphora.Core.Repository;
using Amphora.Server.Scheduling;
using Amphora.Server.Tasks;
using Amphora.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Amphora.Server.Runs;

/// <summary>
/// Runs a backup task across the cluster through its agents. First every selected node takes its snapshot
/// (<c>--snapshot-parallel</c> nodes per datacenter at once; all at once by default), so the snapshots are close together in
/// time; then each node uploads its snapshot as its part of the run's tag (<c>--upload-parallel</c> per datacenter). The
/// cluster backup is complete only once every node's part is. A failed node fails the run: nodes uploading finish, no
/// other node starts, and the snapshots are cleared, leaving an incomplete backup that the next purge removes after its
/// grace period; the scheduler then retries with a new run, which re-uses every content object already uploaded. A stop
/// cancels the agents' jobs and keeps the snapshots, so starting the run again continues it without re-uploading anything.
/// </summary>
public sealed class BackupRunner(RunParts parts, RunRetention retention, ServerMetrics metrics, TimeProvider time) : IBackupRunner
{
    /// <summary>How often uploading agents are asked for their progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Failed polls in a row after which a node counts as lost.</summary>
    public int PollAttempts { get; init; } = 4;

    /// <summary>How long an agent may take to answer a request about a job (start, poll, cancel) before it counts as not answering.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a snapshot (a flush of every selected table, then hard links) may take.</summary>
    public TimeSpan SnapshotTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The runner as the server builds it: retention with the server's storage settings, metrics in its registry.</summary>
    public static BackupRunner FromServices(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var storage = services.GetRequiredService<StorageSettings>();
        return new BackupRunner(
            new RunParts(storage),
            new RunRetention(storage, new LockOptions()),
            new ServerMetrics(services.GetRequiredService<MetricsRegistry>(), time),
            time);
    }

    public RunInfo NewRun(BackupRunContext context, DateTimeOffset now) => FirstStateOf(context, now);

    /// <summary>A new run before anything happened: every node of the selected datacenters pending, tag <c>TASKNAME-yyyyMMdd-HHmmss</c>.</summary>
    public static RunInfo FirstStateOf(BackupRunContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selected = SelectedNodes(context);
        return new RunInfo
        {
            Id = Guid.NewGuid(),
            TaskId = context.Task.Id,
            Tag = $"{context.Task.Name}-{BackupTag.Default(now)}",
            Status = RunStatus.Running,
            StartedAt = now,
            Nodes = [.. selected.Select(node => new NodeRunInfo
            {
                HostId = node.HostId,
                Agent = node.Agent,
                Datacenter = node.Datacenter,
                Stage = NodeStage.Pending,
                Totals = new TransferCounters(),
                Tables = [],
            })],
        };
    }

    public async Task<RunInfo> RunAsync(BackupRunContext context, RunInfo run, Func<RunInfo, CancellationToken, Task> save, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        using var state = new RunState(run with { Status = RunStatus.Running, FinishedAt = null, Error = null }, save);
        await state.UpdateRunAsync(r => r).ConfigureAwait(false);
        var spec = context.Task.Spec;
        var snapshotName = BackupTag.SnapshotPrefix + run.Tag;
        try
        {
            await parts.BeginAsync(context, state.Current, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await EndAsync(context, state, snapshotName, $"the run could not be recorded in its locations: {e.Message}", stopping).ConfigureAwait(false);
        }

        await DatacenterLimiter.RunAsync(
            state.Nodes.Where(n => n.SnapshotAt is null && n.Stage != NodeStage.Done), n => n.Datacenter, spec.SnapshotParallel,
            node => SnapshotAsync(context, state, node, snapshotName, stopping)).ConfigureAwait(false);

        if (!state.AnyFailed && !stopping.IsCancellationRequested)
        {
            var rateLimits = RateLimits.Parse(spec.RateLimit);
            await DatacenterLimiter.RunAsync(
                state.Nodes.Where(n => n.Stage != NodeStage.Done), n => n.Datacenter, spec.UploadParallel,
                node => UploadAsync(context, state, node, snapshotName, rateLimits.For(node.Datacenter), stopping)).ConfigureAwait(false);
        }

        return await EndAsync(context, state, snapshotName, runError: null, stopping).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<NodeDryRun> Nodes, IReadOnlyDictionary<string, string> Locations)> PlanAsync(BackupRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Task.Spec;
        var selected = SelectedNodes(context);
        var list = LocationList.Parse(spec.Locations);
        var locations = selected.Select(n => n.Datacenter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(dc => dc, dc => list.For(dc).Text, StringComparer.Ordinal);
        var plans = await Task.WhenAll(selected.Select(async node =>
        {
            var plan = await context.Agents.Connect(node.Agent).PlanBackupAsync(new BackupPlanRequest(spec.Tables, spec.Locations), cancellationToken).ConfigureAwait(false);
            return new NodeDryRun(node.HostId, node.Agent, node.Datacenter, plan);
        })).ConfigureAwait(false);
        return (plans, locations);
    }

    private static List<ClusterNodeInfo> SelectedNodes(BackupRunContext context)
    {
        var datacenters = DatacenterSelection.Select(context.Task.Spec.Datacenters, [.. context.Cluster.Nodes.Select(n => n.Datacenter)]);
        return [.. context.Cluster.Nodes.Where(n => datacenters.Contains(n.Datacenter, StringComparer.Ordinal))];
    }

    private async Task SnapshotAsync(BackupRunContext context, RunState state, NodeRunInfo node, string snapshotName, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Stopped }).ConfigureAwait(false);
            return;
        }

        await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Snapshotting, Error = null }).ConfigureAwait(false);
        try
        {
            var agent = context.Agents.Connect(node.Agent);
            await ClearStaleSnapshotsAsync(agent, context.Task.Name, snapshotName).ConfigureAwait(false);

            // Not cancelled by a stop: a snapshot is quick, and one cut halfway would leave the node's state unknown.
            var request = new SnapshotRequest(snapshotName, context.Task.Spec.Tables);
            await WithinAsync(SnapshotTimeout, token => agent.TakeSnapshotAsync(request, token), CancellationToken.None).ConfigureAwait(false);
            await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Snapshotted, SnapshotAt = DateTimeOffset.UtcNow }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Failed, Error = $"snapshot {snapshotName} failed: {e.Message}" }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Clears the snapshots earlier runs of this task left on the node (a run whose agent died could not clear its own), so
    /// they do not fill the disk. Only this task's names match: <c>amphora-TASK-yyyyMMdd-HHmmss</c>.
    /// </summary>
    private static async Task ClearStaleSnapshotsAsync(IAgentApi agent, string taskName, string current)
    {
        var ours = new Regex("^" + Regex.Escape(BackupTag.SnapshotPrefix + taskName) + @"-\d{8}-\d{6}$", RegexOptions.None, TimeSpan.FromSeconds(1));
        try
        {
            foreach (var stale in (await agent.SnapshotsAsync(CancellationToken.None).ConfigureAwait(false)).Where(s => s.Name != current && ours.IsMatch(s.Name)))
            {
                await agent.ClearSnapshotAsync(stale.Name, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or AgentRequestException or InvalidOperationException)
        {
            // Housekeeping only: the backup does not need it, and the next run tries again.
        }
    }

    private async Task UploadAsync(BackupRunContext context, RunState state, NodeRunInfo node, string snapshotName, double? rateLimit, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested || state.AnyFailed)
        {
            // Another node failed: the run is lost, so starting more uploads would only cost time; what is done stays reusable.
            await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Stopped }).ConfigureAwait(false);
            return;
        }

        var agent = context.Agents.Connect(node.Agent);
        var spec = context.Task.Spec;
        var request = new BackupJobRequest
        {
            JobId = $"{state.Current.Id:N}-{node.HostId:N}-{time.GetUtcNow().ToUnixTimeMilliseconds()}",
            Tag = state.Current.Tag,
            SnapshotName = snapshotName,
            Tables = spec.Tables,
            Locations = spec.Locations,
            Transfers = spec.Transfers,
            RateLimitMebibytesPerSecond = rateLimit,
            ClearSnapshot = true,
        };
        await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Uploading, Error = null }).ConfigureAwait(false);
        var started = time.GetTimestamp();
        JobStatus job;
        try
        {
            job = await WithinAsync(RequestTimeout, token => agent.StartBackupAsync(request, token), stopping).ConfigureAwait(false);
            job = await FollowAsync(agent, job, state, node.HostId, started, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await CancelQuietlyAsync(agent, request.JobId).ConfigureAwait(false);
            await state.UpdateNodeAsync(node.HostId, n => n with { Stage = NodeStage.Stopped }).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FailAsync(context, state, node.HostId, $"agent {node.Agent}: {e.Message}").ConfigureAwait(false);
            return;
        }

        if (job.State == JobState.Succeeded)
        {
            await state.UpdateNodeAsync(node.HostId, n => RunState.WithProgress(n, job, time.GetElapsedTime(started)) with { Stage = NodeStage.Done, Eta = TimeSpan.Zero })
                .ConfigureAwait(false);
            metrics.NodeDone(context.Cluster.Name, context.Task.Name, state.Current.Nodes.Single(n => n.HostId == node.HostId), time.GetUtcNow());
        }
        else
        {
            await FailAsync(context, state, node.HostId, job.Error ?? $"the agent's job ended {job.State}").ConfigureAwait(false);
        }
    }

    /// <summary>Polls the job until it ends, saving its progress; a few failed polls in a row (the agent died) fail the node.</summary>
    private async Task<JobStatus> FollowAsync(IAgentApi agent, JobStatus job, RunState state, Guid hostId, long started, CancellationToken stopping)
    {
        var failedPolls = 0;
        while (!JobState.IsEnded(job.State))
        {
            await Task.Delay(PollInterval, time, stopping).ConfigureAwait(false);
            try
            {
                var id = job.Id;
                job = await WithinAsync(RequestTimeout, token => agent.JobAsync(id, token), stopping).ConfigureAwait(false);
                failedPolls = 0;
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException && ++failedPolls < PollAttempts)
            {
                continue;
            }

            var current = job;
            await state.UpdateNodeAsync(hostId, n => RunState.WithProgress(n, current, time.GetElapsedTime(started))).ConfigureAwait(false);
        }

        return job;
    }

    /// <summary>
    /// The agent's answer, or <see cref="TimeoutException"/> after <paramref name="timeout"/>: the client waits forever (jobs
    /// are long), so an agent that hangs without closing its connection would otherwise hang the run.
    /// </summary>
    private static async Task WithinAsync(TimeSpan timeout, Func<CancellationToken, Task> request, CancellationToken stopping) =>
        await WithinAsync(
            timeout,
            async token =>
            {
                await request(token).ConfigureAwait(false);
                return true;
            },
            stopping).ConfigureAwait(false);

    private static async Task<T> WithinAsync<T>(TimeSpan timeout, Func<CancellationToken, Task<T>> request, CancellationToken stopping)
    {
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        answer.CancelAfter(timeout);
        try
        {
            return await request(answer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {DurationText.Format(timeout)}");
        }
    }

    private async Task FailAsync(BackupRunContext context, RunState state, Guid hostId, string error)
    {
        await state.UpdateNodeAsync(hostId, n => n with { Stage = NodeStage.Failed, Error = error, Eta = null }).ConfigureAwait(false);
        metrics.NodeDone(context.Cluster.Name, context.Task.Name, state.Current.Nodes.Single(n => n.HostId == hostId), time.GetUtcNow());
    }

    private async Task<RunInfo> EndAsync(BackupRunContext context, RunState state, string snapshotName, string? runError, CancellationToken stopping)
    {
        var failed = state.Nodes.Where(n => n.Stage == NodeStage.Failed).ToList();
        if (runError is not null && !stopping.IsCancellationRequested)
        {
            await state.UpdateRunAsync(r => r with { Status = RunStatus.Failed, FinishedAt = time.GetUtcNow(), Error = runError }).ConfigureAwait(false);
        }
        else if (runError is not null)
        {
            await state.UpdateRunAsync(r => r with { Status = RunStatus.Stopped }).ConfigureAwait(false);
        }
        else if (failed.Count > 0)
        {
            // A retry is a new run with a new tag and snapshot: this run's snapshots would only fill the disks.
            foreach (var node in state.Nodes.Where(n => n.SnapshotAt is not null && n.Stage != NodeStage.Done))
            {
                await ClearSnapshotQuietlyAsync(context.Agents.Connect(node.Agent), snapshotName).ConfigureAwait(false);
            }

            var error = string.Join("; ", failed.Select(n => $"node {n.HostId} ({n.Datacenter}, agent {n.Agent}): {n.Error}"));
            await state.UpdateRunAsync(r => r with { Status = RunStatus.Failed, FinishedAt = time.GetUtcNow(), Error = error }).ConfigureAwait(false);
        }
        else if (stopping.IsCancellationRequested || state.Nodes.Any(n => n.Stage != NodeStage.Done))
        {
            await state.UpdateRunAsync(r => r with { Status = RunStatus.Stopped }).ConfigureAwait(false);
        }
        else
        {
            string? retentionError = null;
            try
            {
                var list = LocationList.Parse(context.Task.Spec.Locations);
                await retention.ApplyAsync(context.Cluster.ClusterName, context.Task, state.Nodes.Select(n => list.For(n.Datacenter).Text), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                retentionError = $"the backup is complete, but retention failed: {e.Message}";
            }

            await state.UpdateRunAsync(r => r with { Status = RunStatus.Succeeded, FinishedAt = time.GetUtcNow(), Error = retentionError }).ConfigureAwait(false);
        }

        metrics.RunEnded(context.Cluster.Name, context.Task.Name, state.Current);
        return state.Current;
    }

    private async Task CancelQuietlyAsync(IAgentApi agent, string jobId)
    {
        try
        {
            await WithinAsync(RequestTimeout, token => agent.CancelJobAsync(jobId, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or AgentJobNotFoundException or InvalidOperationException)
        {
            // The agent is gone, hangs, or never started the job: a job it still runs ends with the agent, and is never marked complete by it.
        }
    }

    private async Task ClearSnapshotQuietlyAsync(IAgentApi agent, string snapshotName)
    {
        try
        {
            await WithinAsync(RequestTimeout, token => agent.ClearSnapshotAsync(snapshotName, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or AgentRequestException or InvalidOperationException)
        {
            // The agent is down: the task's next run clears this snapshot before taking its own.
        }
    }
}

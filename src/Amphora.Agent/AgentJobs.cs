using Amphora.Api.Agent;

namespace Amphora.Agent;

/// <summary>
/// The agent's jobs, in memory and keyed by the id the caller chose. A restore runs alone on the node; otherwise at most one
/// job of each kind runs at a time. A conflict is refused with <see cref="JobConflictException"/>, naming the running job.
/// </summary>
public sealed class AgentJobs(AgentMetrics metrics) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts the job, or returns the job already known by that id (a retried request starts nothing twice).</summary>
    public JobStatus Start(string id, string kind, Func<AgentJob, CancellationToken, Task<IReadOnlyList<string>>> work)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(work);
        AgentJob job;
        lock (_gate)
        {
            if (_jobs.TryGetValue(id, out var known))
            {
                return known.Status();
            }

            var blocking = _jobs.Values.FirstOrDefault(running => running.IsRunning
                && (running.Kind == kind || running.Kind == JobKind.Restore || kind == JobKind.Restore));
            if (blocking is not null)
            {
                throw new JobConflictException(blocking.Kind == JobKind.Restore || kind == JobKind.Restore
                    ? $"job {blocking.Id} ({blocking.Kind}) is running on this node and a restore runs alone; wait for it to end or cancel it (DELETE /v1/jobs/{blocking.Id})."
                    : $"job {blocking.Id} ({blocking.Kind}) is running on this node and only one {kind} job runs at a time; wait for it to end or cancel it (DELETE /v1/jobs/{blocking.Id}).");
            }

            job = new AgentJob(id, kind, metrics);
            _jobs[id] = job;
            job.Start(work, ended => metrics.JobEnded(ended.Kind, ended.Status().State, DateTimeOffset.UtcNow));
        }

        return job.Status();
    }

    public AgentJob? Find(string id)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>Cancels every running job and waits for them (the agent is stopping).</summary>
    public async Task CancelAllAsync()
    {
        AgentJob[] all;
        lock (_gate)
        {
            all = [.. _jobs.Values];
        }

        await Task.WhenAll(all.Select(job => job.CancelAsync())).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var job in _jobs.Values)
            {
                job.Dispose();
            }
        }
    }
}

/// <summary>A job the agent refuses to start because another one is running (HTTP 409).</summary>
public sealed class JobConflictException(string message) : InvalidOperationException(message);

using Amphora.Api.Agent;

namespace Amphora.Agent;

/// <summary>One job running (or ended) on the agent: its work, its cancellation, and its progress as the server polls it.</summary>
public sealed class AgentJob : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _gate = new();
    private string _state = JobState.Running;
    private string? _error;
    private DateTimeOffset? _finishedAt;
    private IReadOnlyList<string> _summary = [];

    public AgentJob(string id, string kind, AgentMetrics metrics)
    {
        Id = id;
        Kind = kind;
        Progress = new JobProgress(metrics);
    }

    public string Id { get; }

    public string Kind { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public JobProgress Progress { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _state == JobState.Running;
            }
        }
    }

    public JobStatus Status()
    {
        lock (_gate)
        {
            return new JobStatus
            {
                Id = Id,
                Kind = Kind,
                State = _state,
                Stage = Progress.CurrentStage,
                Error = _error,
                StartedAt = StartedAt,
                FinishedAt = _finishedAt,
                Tables = Progress.Tables,
                Summary = _summary,
            };
        }
    }

    /// <summary>Runs the work in the background; the job's state follows how it ends.</summary>
    public void Start(Func<AgentJob, CancellationToken, Task<IReadOnlyList<string>>> work, Action<AgentJob> ended) =>
        Completion = Task.Run(async () =>
        {
            try
            {
                var summary = await work(this, _cancellation.Token).ConfigureAwait(false);
                End(JobState.Succeeded, null, summary);
            }
            catch (Exception) when (_cancellation.IsCancellationRequested)
            {
                // Core wraps cancellation in its own failure exceptions: the request decides, not the exception type.
                End(JobState.Cancelled, "cancelled", []);
            }
            catch (Exception e)
            {
                End(JobState.Failed, e.Message, []);
            }
            finally
            {
                ended(this);
            }
        });

    /// <summary>Asks the job to stop and waits until it has; an ended job is left as it is.</summary>
    public async Task<JobStatus> CancelAsync()
    {
        lock (_gate)
        {
            if (_state == JobState.Running)
            {
                _cancellation.Cancel();
            }
        }

        await Completion.ConfigureAwait(false);
        return Status();
    }

    public void Dispose() => _cancellation.Dispose();

    private void End(string state, string? error, IReadOnlyList<string> summary)
    {
        lock (_gate)
        {
            (_state, _error, _summary, _finishedAt) = (state, error, summary, DateTimeOffset.UtcNow);
        }
    }
}

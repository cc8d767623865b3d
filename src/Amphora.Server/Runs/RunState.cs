using Amphora.Api.Agent;
using Amphora.Api.Server;

namespace Amphora.Server.Runs;

/// <summary>
/// A run being executed: its nodes' parts change from many tasks at once, and every change is saved in order, one save at a
/// time, so the store never goes back to an older state.
/// </summary>
internal sealed class RunState(RunInfo run, Func<RunInfo, CancellationToken, Task> save) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly Dictionary<Guid, NodeRunInfo> _nodes = run.Nodes.ToDictionary(n => n.HostId);
    private RunInfo _run = run;

    public RunInfo Current
    {
        get
        {
            lock (_gate)
            {
                return _run with { Nodes = [.. _run.Nodes.Select(n => _nodes[n.HostId])] };
            }
        }
    }

    public IReadOnlyList<NodeRunInfo> Nodes => Current.Nodes;

    public bool AnyFailed => Nodes.Any(n => n.Stage == NodeStage.Failed);

    public Task UpdateNodeAsync(Guid hostId, Func<NodeRunInfo, NodeRunInfo> change)
    {
        lock (_gate)
        {
            _nodes[hostId] = change(_nodes[hostId]);
        }

        return SaveAsync();
    }

    public Task UpdateRunAsync(Func<RunInfo, RunInfo> change)
    {
        lock (_gate)
        {
            _run = change(_run);
        }

        return SaveAsync();
    }

    /// <summary>The node's counters and per-table progress from the agent's job, with the rate since the upload began and the ETA.</summary>
    public static NodeRunInfo WithProgress(NodeRunInfo node, JobStatus job, TimeSpan elapsed)
    {
        var totals = new TransferCounters
        {
            Files = job.Tables.Sum(t => t.Counters.Files),
            Bytes = job.Tables.Sum(t => t.Counters.Bytes),
            UploadedFiles = job.Tables.Sum(t => t.Counters.UploadedFiles),
            UploadedBytes = job.Tables.Sum(t => t.Counters.UploadedBytes),
            SkippedFiles = job.Tables.Sum(t => t.Counters.SkippedFiles),
            SkippedBytes = job.Tables.Sum(t => t.Counters.SkippedBytes),
            FailedFiles = job.Tables.Sum(t => t.Counters.FailedFiles),
            FailedBytes = job.Tables.Sum(t => t.Counters.FailedBytes),
        };
        var rate = elapsed > TimeSpan.Zero ? totals.DoneBytes / elapsed.TotalSeconds : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, totals.Bytes - totals.DoneBytes) / rate) : null;
        return node with { Totals = totals, Tables = job.Tables, BytesPerSecond = rate, Eta = eta };
    }

    public void Dispose() => _saving.Dispose();

    private async Task SaveAsync()
    {
        await _saving.WaitAsync().ConfigureAwait(false);
        try
        {
            // A stop must not keep the final state from being saved.
            await save(Current, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _saving.Release();
        }
    }
}

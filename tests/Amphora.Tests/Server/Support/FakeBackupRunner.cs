using System.Globalization;
using System.Threading.Channels;
using Amphora.Api.Agent;
using Amphora.Api.Server;
using Amphora.Server.Runs;
using Amphora.Storage;

namespace Amphora.Tests.Server.Support;

/// <summary>
/// Stands in for the lead's runner until the end-to-end test: each run announces itself on <see cref="Started"/> and ends
/// when the test finishes it (or at once with <see cref="EndAtOnce"/>); a stop ends it <see cref="RunStatus.Stopped"/> with
/// the nodes already done kept done, as the real runner does.
/// </summary>
public sealed class FakeBackupRunner : IBackupRunner
{
    private readonly Channel<PendingRun> _started = Channel.CreateUnbounded<PendingRun>();
    private int _concurrent;

    /// <summary>Runs end with this status as soon as they start (CLI tests); null: the test finishes each one.</summary>
    public string? EndAtOnce { get; set; }

    public ChannelReader<PendingRun> Started => _started.Reader;

    /// <summary>The most runs seen in progress at the same time.</summary>
    public int MostConcurrent { get; private set; }

    public RunInfo NewRun(BackupRunContext context, DateTimeOffset now) => BackupRunner.FirstStateOf(context, now);

    public async Task<RunInfo> RunAsync(BackupRunContext context, RunInfo run, Func<RunInfo, CancellationToken, Task> save, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(save);
        var concurrent = Interlocked.Increment(ref _concurrent);
        MostConcurrent = Math.Max(MostConcurrent, concurrent);
        try
        {
            // The first node finishes straight away, so a stop leaves one node done and the others stopped.
            var counters = new TransferCounters { Files = 2, Bytes = 2048, UploadedFiles = 1, UploadedBytes = 1024, SkippedFiles = 1, SkippedBytes = 1024 };
            var progressed = run with
            {
                Nodes = [.. run.Nodes.Select((node, i) => i == 0 || node.Stage == NodeStage.Done
                    ? node with { Stage = NodeStage.Done, Totals = counters, Tables = [new TableProgress("shop", "orders", counters)] }
                    : node with { Stage = NodeStage.Uploading })],
            };
            await save(progressed, CancellationToken.None).ConfigureAwait(false);
            var pending = new PendingRun(progressed);
            await _started.Writer.WriteAsync(pending, CancellationToken.None).ConfigureAwait(false);
            if (EndAtOnce is { } status)
            {
                pending.Finish(status);
            }

            try
            {
                var ended = await pending.Outcome.WaitAsync(stopping).ConfigureAwait(false);
                return Ended(progressed, ended);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return Ended(progressed, RunStatus.Stopped);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    public Task<(IReadOnlyList<NodeDryRun> Nodes, IReadOnlyDictionary<string, string> Locations)> PlanAsync(BackupRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var locations = LocationList.Parse(context.Task.Spec.Locations);
        var nodes = context.Cluster.Nodes.Select(node => new NodeDryRun(node.HostId, node.Agent, node.Datacenter, new BackupPlan
        {
            Location = locations.For(node.Datacenter).Text,
            Tables = ["shop.orders"],
            Files = 4,
            Bytes = 4096,
            FilesToUpload = 1,
            BytesToUpload = 1024,
        })).ToList();
        IReadOnlyDictionary<string, string> byDatacenter = nodes.Select(node => node.Datacenter).Distinct()
            .ToDictionary(dc => dc, dc => locations.For(dc).Text, StringComparer.Ordinal);
        return Task.FromResult<(IReadOnlyList<NodeDryRun>, IReadOnlyDictionary<string, string>)>((nodes, byDatacenter));
    }

    private static RunInfo Ended(RunInfo run, string status) => run with
    {
        Status = status,
        Error = status == RunStatus.Failed ? "node failed (fake)" : null,
        Nodes = [.. run.Nodes.Select(node => node.Stage == NodeStage.Done ? node : node with
        {
            Stage = status switch { RunStatus.Succeeded => NodeStage.Done, RunStatus.Failed => NodeStage.Failed, _ => NodeStage.Stopped },
        })],
    };

    /// <summary>A run in progress, which the test ends.</summary>
    public sealed class PendingRun(RunInfo run)
    {
        private readonly TaskCompletionSource<string> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RunInfo Run { get; } = run;

        public Task<string> Outcome => _outcome.Task;

        public void Finish(string status) => _outcome.TrySetResult(status);
    }
}

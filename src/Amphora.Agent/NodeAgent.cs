using System.Reflection;
using Amphora.Api.Agent;
using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Core.Snapshots;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Agent;

/// <summary>
/// The agent's operations on its node, in process: what the HTTP routes call. Long operations run as jobs
/// (<see cref="AgentJobs"/>); snapshots and the plan answer at once.
/// </summary>
public sealed class NodeAgent : IAgentApi, IDisposable
{
    private readonly AgentConfig _config;
    private readonly AgentNode _node;

    public NodeAgent(AgentConfig config, AgentNode node, AgentMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(metrics);
        _config = config;
        _node = node;
        Metrics = metrics;
        Jobs = new AgentJobs(metrics);
        new BacklogMetrics(metrics.Registry, node).Register();
    }

    public AgentMetrics Metrics { get; }

    public AgentJobs Jobs { get; }

    private Guid? _lastKnownHostId;
    private string? _lastKnownDatacenter;

    private INodeAdapter Adapter => _node.Adapter;

    public async Task<AgentNodeInfo> NodeAsync(CancellationToken cancellationToken)
    {
        var identity = await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        return new AgentNodeInfo
        {
            Cluster = identity.Cluster,
            Datacenter = identity.Datacenter,
            Rack = identity.Rack,
            HostId = identity.HostId,
            Address = System.Net.Dns.GetHostName(),
            Tokens = identity.Tokens,
            Version = identity.Version,
            Flavour = _node.Flavour,
            Adapter = Adapter.Description,
            DataDirectories = Adapter.DataDirectories,
            Keyspaces = identity.Keyspaces,
            AgentVersion = typeof(NodeAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        };
    }

    public async Task TakeSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BackupTag.Validate(request.Name);
        var tables = await SelectTablesAsync(request.Tables, cancellationToken).ConfigureAwait(false);
        var keyspaces = tables.Select(t => t.Keyspace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await Adapter.SnapshotAsync(request.Name, keyspaces, cancellationToken).ConfigureAwait(false);
    }

    public Task ClearSnapshotAsync(string name, CancellationToken cancellationToken)
    {
        BackupTag.Validate(name);
        return Adapter.ClearSnapshotAsync(name, cancellationToken);
    }

    public Task<IReadOnlyList<LocalSnapshotInfo>> SnapshotsAsync(CancellationToken cancellationToken)
    {
        var report = LocalSnapshotScanner.Scan(Adapter.DataDirectories);
        IReadOnlyList<LocalSnapshotInfo> snapshots = [.. report.Snapshots
            .GroupBy(s => s.Tag, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LocalSnapshotInfo(g.Key, g.Sum(s => s.TrueSize), g.Sum(s => s.SizeOnDisk)))];
        return Task.FromResult(snapshots);
    }

    public async Task<BackupPlan> PlanBackupAsync(BackupPlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tables = await SelectTablesAsync(request.Tables, cancellationToken).ConfigureAwait(false);
        var store = await OpenStoreAsync(request.Locations, null, cancellationToken).ConfigureAwait(false);
        return await new BackupPlanner(store, ContentHashCache.Load(_config.CacheDirectory)).PlanAsync(tables, cancellationToken).ConfigureAwait(false);
    }

    public Task<JobStatus> StartBackupAsync(BackupJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var backup = new BackupRequest
        {
            Tag = request.Tag,
            ExistingSnapshot = request.SnapshotName,
            Tables = request.Tables,
            Parallelism = request.Transfers,
            ContinueIncomplete = true,
        };
        backup.Validate();
        ValidateTarget(request.Locations, request.RateLimitMebibytesPerSecond);
        return Task.FromResult(Jobs.Start(request.JobId, JobKind.Backup, async (job, token) =>
        {
            var repository = await OpenRepositoryAsync(request.Locations, request.RateLimitMebibytesPerSecond, token).ConfigureAwait(false);
            var result = await new NodeBackup(Adapter, repository, HashCache(), job.Progress).RunAsync(backup, token).ConfigureAwait(false);
            var cleared = request.ClearSnapshot ? await ClearAfterBackupAsync(job, request.SnapshotName).ConfigureAwait(false) : "kept";

            return [
                $"backup {result.Tag} of node {result.HostId} is complete in {repository.Location}: {result.Tables} tables, {result.Files} files, {result.Bytes} bytes",
                $"uploaded {result.UploadedFiles} files ({result.UploadedBytes} bytes); the rest the location held already",
                $"local snapshot {result.SnapshotName} {cleared}",
            ];
        }));
    }

    public Task<JobStatus> StartIncrementalAsync(IncrementalJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var incremental = new IncrementalBackupRequest { Tables = request.Tables, Parallelism = request.Transfers };
        incremental.Validate();
        ValidateTarget(request.Locations, request.RateLimitMebibytesPerSecond);
        return Task.FromResult(Jobs.Start(request.JobId, JobKind.Incremental, async (job, token) =>
        {
            var repository = await OpenRepositoryAsync(request.Locations, request.RateLimitMebibytesPerSecond, token).ConfigureAwait(false);
            var result = await new IncrementalBackup(Adapter, repository, HashCache(), job.Progress).RunAsync(incremental, token).ConfigureAwait(false);
            return result.ShippedAnything
                ? [
                    $"incremental backup {result.Tag} is complete in {repository.Location}: {result.Files} files, {result.Bytes} bytes, uploaded {result.UploadedBytes} bytes",
                    $"removed {result.RemovedFiles} shipped links from backups/, kept {result.KeptFiles}; {result.WaitingSSTables} SSTables left for the next pass",
                    .. result.Warnings,
                ]
                : [$"nothing to ship: no complete SSTable in the tables' backups/ directories ({result.WaitingSSTables} left for the next pass)"];
        }));
    }

    public Task<JobStatus> StartCommitLogShipAsync(CommitLogShipJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateTarget(request.Locations, request.RateLimitMebibytesPerSecond);
        var spool = new SegmentSpool(_node.CommitLogSpool);
        return Task.FromResult(Jobs.Start(request.JobId, JobKind.CommitLogShip, async (job, token) =>
        {
            job.Progress.Stage($"Shipping the segments in {spool.Directory}");
            if (spool.List().Segments.Count == 0)
            {
                return ["nothing to ship: the spool holds no segment"];
            }

            var identity = await SpooledNodeIdentity.ResolveAsync(Adapter, spool, token).ConfigureAwait(false);
            var store = await OpenStoreAsync(request.Locations, request.RateLimitMebibytesPerSecond, token).ConfigureAwait(false);
            var repository = await BackupRepository.OpenAsync(store, create: true, token).ConfigureAwait(false);
            var report = await new CommitLogShipper(spool, repository.Store, identity).ShipAsync(token).ConfigureAwait(false);
            foreach (var (_, size) in report.Shipped)
            {
                Metrics.FileTransferred(AgentMetrics.Uploaded, size);
            }

            if (report.Conflicts.Count > 0)
            {
                throw new InvalidDataException(string.Join("; ", report.Conflicts.Select(c => c.Problem)));
            }

            return [
                .. report.Shipped.Select(s => $"shipped {s.Name} ({s.Size} bytes) to {repository.Location}"),
                .. report.AlreadyArchived.Select(name => $"{name} was already archived with the same bytes; unlinked from the spool"),
                .. report.Foreign.Select(name => $"{spool.PathOf(name)} is not a commit log segment; left alone"),
            ];
        }));
    }

    public Task<JobStatus> StartRestoreAsync(RestoreJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = AgentRestore.ModeOf(request.Mode);
        _ = new TableFilter(request.Tables);
        ValidateTarget(request.Locations, request.RateLimitMebibytesPerSecond);
        return Task.FromResult(Jobs.Start(request.JobId, JobKind.Restore, async (job, token) =>
        {
            // A stopped node (in-place) cannot say who it is: the last identity it gave the agent picks its part of the backup.
            var hostId = await Adapter.IsRunningAsync(token).ConfigureAwait(false) ? (await IdentifyAsync(token).ConfigureAwait(false)).HostId : _lastKnownHostId;
            var store = await OpenStoreAsync(request.Locations, request.RateLimitMebibytesPerSecond, token, _lastKnownDatacenter).ConfigureAwait(false);
            var repository = await BackupRepository.OpenAsync(store, create: false, token).ConfigureAwait(false);
            return await new AgentRestore(repository, _node.RestoreTarget, job.Progress).RunAsync(request, hostId, token).ConfigureAwait(false);
        }));
    }

    public Task<JobStatus> JobAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult((Jobs.Find(id) ?? throw new AgentJobNotFoundException(id, "this agent")).Status());

    public Task<JobStatus> CancelJobAsync(string id, CancellationToken cancellationToken) =>
        (Jobs.Find(id) ?? throw new AgentJobNotFoundException(id, "this agent")).CancelAsync();

    public void Dispose() => Jobs.Dispose();

    /// <summary>The backup is complete whatever happens here: a snapshot the node would not clear is a warning, not a failure.</summary>
    private async Task<string> ClearAfterBackupAsync(AgentJob job, string snapshotName)
    {
        job.Progress.Stage($"Clearing snapshot {snapshotName}");
        try
        {
            await Adapter.ClearSnapshotAsync(snapshotName, CancellationToken.None).ConfigureAwait(false);
            return "cleared";
        }
        catch (NodetoolException e)
        {
            return $"could not be cleared ({e.Message}); clear it with DELETE /v1/snapshots/{snapshotName}";
        }
    }

    /// <summary>Asks the node who it is and remembers the answer for when it is stopped (an in-place restore).</summary>
    private async Task<NodeIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        var identity = await Adapter.IdentifyAsync(cancellationToken).ConfigureAwait(false);
        (_lastKnownHostId, _lastKnownDatacenter) = (identity.HostId, identity.Datacenter);
        return identity;
    }

    /// <summary>Refuses a bad location list or rate limit before a job starts (400), not as the job's failure.</summary>
    private static void ValidateTarget(string locations, double? rateLimit)
    {
        _ = LocationList.Parse(locations);
        if (rateLimit is <= 0)
        {
            throw new ArgumentException($"rate limit {rateLimit} MiB/s: give a positive number, or none for the agent's own setting.");
        }
    }

    private ContentHashCache HashCache() => ContentHashCache.Load(_config.CacheDirectory);

    private async Task<List<TableDirectory>> SelectTablesAsync(string? patterns, CancellationToken cancellationToken)
    {
        var filter = new TableFilter(patterns);
        var identity = await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        return NodeBackupRecord.SelectTables(Adapter, identity, filter);
    }

    private async Task<BackupRepository> OpenRepositoryAsync(string locations, double? rateLimit, CancellationToken cancellationToken) =>
        await BackupRepository.OpenAsync(await OpenStoreAsync(locations, rateLimit, cancellationToken).ConfigureAwait(false), create: true, cancellationToken).ConfigureAwait(false);

    /// <summary>The node's datacenter's location, at the request's rate limit or the agent's own.</summary>
    private async Task<IObjectStore> OpenStoreAsync(string locations, double? rateLimit, CancellationToken cancellationToken, string? knownDatacenter = null)
    {
        var list = LocationList.Parse(locations);
        var datacenter = !list.IsPerDatacenter ? null : knownDatacenter ?? (await IdentifyAsync(cancellationToken).ConfigureAwait(false)).Datacenter;
        var settings = rateLimit is null ? _config.Storage : _config.Storage with { RateLimitMebibytesPerSecond = rateLimit };
        return StorageLocation.Open(list.For(datacenter), settings);
    }
}

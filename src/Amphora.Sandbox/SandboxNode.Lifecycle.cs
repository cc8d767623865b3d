using System.Text;
using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Start-up (leftover clean-up, commit log replay), stop and drain.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Starts the node as Cassandra does: reads commitlog_archiving.properties and the replay list, finishes or rolls
    /// back interrupted compactions from their transaction logs, loads the SSTables on disk, archives leftover commit
    /// log segments, restores archived ones, replays the commit log beyond what each table has persisted, flushes the
    /// replayed data and opens a new commit log segment.
    /// </summary>
    public void Start()
    {
        if (StartUnderLock() is { } restServerPid)
        {
            WaitForRestServer(restServerPid);
        }
    }

    /// <summary>Start-up proper; returns the pid of the REST API server it spawned for a Scylla-flavoured node.</summary>
    private int? StartUnderLock()
    {
        using var _ = Lock();
        var state = LoadState();
        if (state.Running)
        {
            throw new SandboxException($"Node {Name} is already running.");
        }

        var config = Config;
        var schema = Cluster.LoadSchema();
        var archiver = CommitLogArchiver.Load(ConfigPath);
        var replayFilter = ReplayFilter.FromEnvironment(schema);
        Cluster.CreateSystemDirectories(this);
        foreach (var table in schema.AllTables)
        {
            foreach (var dataDirectory in config.DataDirectories)
            {
                TransactionLog.CompleteOrRollBack(TableDirectory(dataDirectory, table));
            }
        }

        state.Live.Clear();
        state.NextGeneration.Clear();
        foreach (var table in schema.AllTables)
        {
            state.LiveOf(LiveKey(table, null)).AddRange(SSTablesOnDisk(config, table, null));
            foreach (var index in table.Indexes)
            {
                state.LiveOf(LiveKey(table, index)).AddRange(SSTablesOnDisk(config, table, index));
            }
        }

        // Leftovers are archived first (CASSANDRA-6904), and what that did is kept even if a later step fails.
        var commitLog = CommitLog(config);
        System.IO.Directory.CreateDirectory(commitLog.Path);
        state.ArchiveCommand = archiver.ArchiveCommand;
        ArchiveLeftoverSegments(state, commitLog);
        SaveState(state);

        archiver.RestoreInto(commitLog.Path);
        state.Running = true;
        state.Drained = false;
        state.IncrementalBackups = null;
        state.StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        ReplayCommitLog(state, config, schema, archiver, replayFilter);
        RecordLocalInfo(state, config, schema);
        if (IsScylla)
        {
            state.RestServerPid = SpawnRestServer();
        }

        SaveState(state);
        return state.RestServerPid;
    }

    /// <summary>Stops the node abruptly, as a kill would: the memtable is lost, the commit log keeps its writes.</summary>
    public void Stop()
    {
        using var _ = Lock();
        var state = LoadState();
        if (!state.Running)
        {
            throw new SandboxException($"Node {Name} is not running.");
        }

        state.Running = false;
        EndRestServer(state);
        SaveState(state);
    }

    /// <summary>
    /// nodetool drain: flushes every table and retires the commit log (the active segment is archived first, as
    /// Cassandra's forceRecycleAllSegments does); the node then refuses writes.
    /// </summary>
    public void Drain() => WithRunningNode((state, config) =>
    {
        var schema = Cluster.LoadSchema();
        FlushTables(state, config, schema, schema.AllTables.ToList());
        if (CommitLog(config).Segments() is [.., var active])
        {
            ArchiveSegment(state, active);
        }

        DiscardFlushedSegments(state, config, schema, includeActive: true);
        state.Drained = true;
    });

    private static IEnumerable<string> SSTablesOnDisk(NodeConfig config, TableSchema table, string? index) =>
        config.DataDirectories
            .Select(d => Path.Combine(d, table.Keyspace, table.DirectoryName, index is null ? string.Empty : "." + index))
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, "*-" + Components.Data))
            .Where(f => SSTableDescriptor.TryParse(f, out _) is { } d && File.Exists(d.PathOf(Components.Toc)))
            .Order(StringComparer.Ordinal);

    /// <summary>system.local: the node's identity, written at each start-up like Cassandra's own.</summary>
    private void RecordLocalInfo(NodeState state, NodeConfig config, ClusterSchema schema)
    {
        var local = schema.FindTable(SystemKeyspaces.System, "local")!;
        var info = $"host_id={state.HostId};cluster_name={config.ClusterName};data_center={Manifest.Datacenter};rack={Manifest.Rack};" +
                   $"release_version={ReleaseVersion};tokens={string.Join(',', state.Tokens)}";
        var row = new Row(Encoding.UTF8.GetBytes("local"), state.StartedAtMs * 1000, Row.NoDeletion, Encoding.UTF8.GetBytes(info));
        AppendToCommitLog(state, config, [new Mutation(local.Id, row)]);
        FlushTables(state, config, schema, [local]);
    }
}

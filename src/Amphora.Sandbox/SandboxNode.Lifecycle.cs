using System.Text;
using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Start-up (leftover clean-up, commit log replay), stop and drain.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Starts the node as Cassandra does: finishes or rolls back interrupted compactions from their transaction logs,
    /// loads the SSTables on disk, replays the commit log beyond what each table has flushed, flushes the replayed
    /// data and opens a new commit log segment.
    /// </summary>
    public void Start()
    {
        using var _ = Lock();
        var state = LoadState();
        if (state.Running)
        {
            throw new SandboxException($"Node {Name} is already running.");
        }

        var config = Config;
        var schema = Cluster.LoadSchema();
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

        state.Running = true;
        state.Drained = false;
        state.IncrementalBackups = null;
        state.StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Replay: what the commit log holds beyond each table's flushed position is flushed to SSTables,
        // after which the old segments are no longer needed.
        var commitLog = CommitLog(config);
        var existingIds = commitLog.Segments().Select(s => s.Id).DefaultIfEmpty(0).Max();
        // Cassandra's idBase: the clock in milliseconds, or past the newest segment on disk.
        state.NextSegmentId = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Math.Max(state.NextSegmentId, existingIds + 1));
        var replayed = Memtables(state, config, schema).Keys.Select(schema.FindTable).OfType<TableSchema>().ToList();
        FlushTables(state, config, schema, replayed);
        DiscardFlushedSegments(state, config, schema, includeActive: true);
        commitLog.StartNewSegment(state.TakeSegmentId);
        RecordLocalInfo(state, config, schema);
        SaveState(state);
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
        SaveState(state);
    }

    /// <summary>nodetool drain: flushes every table and retires the commit log; the node then refuses writes.</summary>
    public void Drain() => WithRunningNode((state, config) =>
    {
        var schema = Cluster.LoadSchema();
        FlushTables(state, config, schema, schema.AllTables.ToList());
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
                   $"release_version={Format.CassandraVersion};tokens={string.Join(',', state.Tokens)}";
        var row = new Row(Encoding.UTF8.GetBytes("local"), state.StartedAtMs * 1000, Row.NoDeletion, Encoding.UTF8.GetBytes(info));
        AppendToCommitLog(state, config, [new Mutation(local.Id, row)]);
        FlushTables(state, config, schema, [local]);
    }
}

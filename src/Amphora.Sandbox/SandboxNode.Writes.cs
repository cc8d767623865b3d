using System.Buffers.Binary;
using System.Text;
using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Writes through the commit log, the memtable it implies, flushes, drop and truncate.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Writes <paramref name="rows"/> rows with keys from <paramref name="startKey"/> into a table (created with its
    /// keyspace when missing) through the commit log; they sit in the memtable until a flush.
    /// </summary>
    public CommitLogPosition Write(string qualifiedTable, WriteOptions options)
    {
        if (options.Rows < 0)
        {
            throw new SandboxException("--rows must be zero or more.");
        }

        return WithRunningNode((state, config) =>
        {
            if (state.Drained)
            {
                throw new SandboxException($"Node {Name} has been drained and accepts no writes; restart it with 'amphora sandbox stop' and 'start'.");
            }

            var table = Cluster.EnsureTable(this, state, config, qualifiedTable, options.Table);
            var timestamp = options.TimestampMicros ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            var nowSeconds = (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var mutations = new List<Mutation>(options.Rows);
            for (var i = 0; i < options.Rows; i++)
            {
                var key = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(key, options.StartKey + i);
                var rowTimestamp = options.TimestampMicros ?? timestamp + i;
                var row = options.Delete
                    ? new Row(key, rowTimestamp, nowSeconds, null)
                    : new Row(key, rowTimestamp, Row.NoDeletion, ValueFor(options.StartKey + i, rowTimestamp, options.ValueSize));
                mutations.Add(new Mutation(table.Id, row));
            }

            return AppendToCommitLog(state, config, mutations);
        });
    }

    internal CommitLogPosition AppendToCommitLog(NodeState state, NodeConfig config, IReadOnlyList<Mutation> mutations) =>
        CommitLog(config).Append(mutations, state.TakeSegmentId, segment => ArchiveSegment(state, segment));

    /// <summary>A value of the requested size, derived from key and timestamp, half repetitive like real data.</summary>
    private static byte[] ValueFor(long key, long timestamp, int size)
    {
        var prefix = $"value-{key}-{timestamp}-";
        var builder = new StringBuilder(prefix, Math.Max(size, prefix.Length));
        var random = new Random(HashCode.Combine(key, timestamp));
        while (builder.Length < size)
        {
            builder.Append(builder.Length % 2 == 0 ? (char)('a' + random.Next(26)) : 'x');
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, Math.Max(size, 1)));
    }

    /// <summary>
    /// The memtables: every mutation of a live table that the commit log holds beyond the table's flushed position,
    /// reconciled per key.
    /// </summary>
    internal Dictionary<Guid, Dictionary<string, Row>> Memtables(NodeState state, NodeConfig config, ClusterSchema schema)
    {
        var memtables = new Dictionary<Guid, Dictionary<string, Row>>();
        foreach (var (position, mutation) in CommitLog(config).ReadAll())
        {
            if (schema.FindTable(mutation.TableId) is null || position <= state.FlushedPosition(mutation.TableId))
            {
                continue;
            }

            AddToMemtable(memtables, mutation);
        }

        return memtables;
    }

    private static void AddToMemtable(Dictionary<Guid, Dictionary<string, Row>> memtables, Mutation mutation)
    {
        var memtable = memtables.TryGetValue(mutation.TableId, out var existing) ? existing : memtables[mutation.TableId] = [];
        var key = Convert.ToHexString(mutation.Row.Key);
        memtable[key] = memtable.TryGetValue(key, out var current) ? Row.Reconcile(current, mutation.Row) : mutation.Row;
    }

    /// <summary>Flushes the memtables of the given tables into new SSTables, then discards fully flushed segments.</summary>
    internal List<SSTableDescriptor> FlushTables(NodeState state, NodeConfig config, ClusterSchema schema, IEnumerable<TableSchema> tables)
    {
        var commitLog = CommitLog(config);
        var current = commitLog.CurrentPosition();
        var memtables = Memtables(state, config, schema);
        var written = new List<SSTableDescriptor>();
        foreach (var table in tables)
        {
            var lowerBound = state.FlushedPosition(table.Id);
            if (memtables.TryGetValue(table.Id, out var memtable))
            {
                var context = new SSTableStats { CommitLogLowerBound = lowerBound, CommitLogUpperBound = current };
                written.AddRange(WriteLiveSSTables(state, config, table, memtable.Values, context));
            }

            if (current != CommitLogPosition.None)
            {
                state.FlushedUpTo[table.Id] = CommitLogPosition.Max(lowerBound, current);
            }
        }

        DiscardFlushedSegments(state, config, schema, includeActive: false);
        return written;
    }

    /// <summary>
    /// Writes rows of a table as new live SSTables (a flush, replay or stream), with the index SSTables built from
    /// them, linked into backups/ when incremental backups are on.
    /// </summary>
    private List<SSTableDescriptor> WriteLiveSSTables(NodeState state, NodeConfig config, TableSchema table, IReadOnlyCollection<Row> rows, SSTableStats context)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var written = WriteSSTables(state, config, table, null, rows, context, linkIntoBackups: true);
        state.LiveOf(LiveKey(table, null)).AddRange(written.Select(d => d.DataPath));
        foreach (var index in table.Indexes)
        {
            var entries = rows.Where(r => !r.IsTombstone)
                .GroupBy(r => Convert.ToHexString(r.Value!))
                .Select(g => g.Select(r => new Row(r.Value!, r.Timestamp, Row.NoDeletion, r.Key)).Aggregate(Row.Reconcile));
            var indexSSTables = WriteSSTables(state, config, table, index, entries, context, linkIntoBackups: true);
            state.LiveOf(LiveKey(table, index)).AddRange(indexSSTables.Select(d => d.DataPath));
            written.AddRange(indexSSTables);
        }

        return written;
    }

    /// <summary>
    /// Deletes segments whose every mutation of a live table has been flushed (the active one only on drain), except
    /// those whose archiving failed.
    /// </summary>
    internal void DiscardFlushedSegments(NodeState state, NodeConfig config, ClusterSchema schema, bool includeActive)
    {
        var segments = CommitLog(config).Segments();
        foreach (var segment in includeActive ? segments : segments.Take(segments.Count - 1))
        {
            var unflushed = segment.ReadEntries()
                .Select(e => (Position: new CommitLogPosition(segment.Id, e.End), Mutation: Mutation.Deserialize(e.Body)))
                .Any(e => schema.FindTable(e.Mutation.TableId) is not null && e.Position > state.FlushedPosition(e.Mutation.TableId));
            if (!unflushed)
            {
                DeleteSegmentIfArchived(state, segment);
            }
        }
    }

    public void Flush(IReadOnlyList<TableSchema> tables) =>
        WithRunningNode((state, config) => FlushTables(state, config, Cluster.LoadSchema(), tables));

    /// <summary>Drops a table: flushes it, takes the <c>dropped-&lt;ms&gt;-&lt;table&gt;</c> auto-snapshot, deletes its data.</summary>
    public void DropTable(string qualifiedTable) => WithRunningNode((state, config) =>
    {
        var table = Cluster.ResolveTable(qualifiedTable);
        RemoveTableData(state, config, table, "dropped");
        Cluster.RemoveTable(this, state, config, table);
    });

    /// <summary>Truncates a table: flushes it, takes the <c>truncated-&lt;ms&gt;-&lt;table&gt;</c> auto-snapshot, deletes its data.</summary>
    public void Truncate(string qualifiedTable) => WithRunningNode((state, config) =>
    {
        var table = Cluster.ResolveTable(qualifiedTable);
        RemoveTableData(state, config, table, TruncatedSnapshotPrefix);
    });

    internal const string TruncatedSnapshotPrefix = "truncated";

    private void RemoveTableData(NodeState state, NodeConfig config, TableSchema table, string snapshotPrefix)
    {
        var schema = Cluster.LoadSchema();
        FlushTables(state, config, schema, [table]);

        // Truncation records the position replay must skip the table up to (system.local's truncated_at); a drop forgets it.
        if (snapshotPrefix == TruncatedSnapshotPrefix)
        {
            state.Truncations[table.Id] = new TruncationRecord(state.FlushedPosition(table.Id), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        else
        {
            state.Truncations.Remove(table.Id);
        }

        if (config.AutoSnapshot)
        {
            var tag = $"{snapshotPrefix}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{table.Name}";
            SnapshotTables(state, config, [table], tag, DateTimeOffset.UtcNow);
        }

        foreach (var sstable in AllLiveSSTables(state, table).ToList())
        {
            DeleteSSTable(sstable);
        }

        state.LiveOf(LiveKey(table, null)).Clear();
        foreach (var index in table.Indexes)
        {
            state.LiveOf(LiveKey(table, index)).Clear();
        }
    }

    /// <summary>The table's current rows: SSTables and memtable merged, newest timestamp wins, tombstones hide what they delete.</summary>
    public IReadOnlyList<(TableSchema Table, Row Row)> Dump(string? qualifiedTable)
    {
        return WithRunningNode((state, config) =>
        {
            var schema = Cluster.LoadSchema();
            var tables = qualifiedTable is null
                ? schema.Keyspaces.Where(k => !k.IsSystem).SelectMany(k => k.Tables).ToList()
                : [Cluster.ResolveTable(qualifiedTable)];
            var memtables = Memtables(state, config, schema);
            var result = new List<(TableSchema, Row)>();
            foreach (var table in tables.OrderBy(t => t.QualifiedName, StringComparer.Ordinal))
            {
                var merged = new Dictionary<string, Row>();
                var sources = LiveSSTables(state, table).SelectMany(SSTableReader.ReadRows)
                    .Concat(memtables.TryGetValue(table.Id, out var memtable) ? memtable.Values : []);
                foreach (var row in sources)
                {
                    var key = Convert.ToHexString(row.Key);
                    merged[key] = merged.TryGetValue(key, out var current) ? Row.Reconcile(current, row) : row;
                }

                result.AddRange(merged.Values.Where(r => !r.IsTombstone)
                    .OrderBy(r => r.Key, ByteArrayComparer.Instance)
                    .Select(r => (table, r)));
            }

            return result;
        });
    }
}

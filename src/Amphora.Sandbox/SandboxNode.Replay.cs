using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Commit log replay at start-up, as Cassandra's CommitLogReplayer does it.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Replays every segment in the commit log directory: a mutation is replayed for its table unless the table is
    /// unknown (dropped), left out by the replay list, already persisted at the mutation's position (SSTable intervals
    /// of this host, truncation record) or newer than the restore point in time. The replayed data is flushed, the
    /// replayed segments are deleted (not archived again) and a new segment, above every id seen, is opened.
    /// </summary>
    private void ReplayCommitLog(NodeState state, NodeConfig config, ClusterSchema schema, CommitLogArchiver archiver, ReplayFilter filter)
    {
        // CASSANDRA-9195: a truncation after the restore point must not hide the data written before the point.
        foreach (var (tableId, truncation) in state.Truncations.ToList())
        {
            if (filter.Includes(tableId) && archiver.TruncationAfterRestorePoint(truncation))
            {
                state.Truncations.Remove(tableId);
            }
        }

        var persisted = schema.AllTables.ToDictionary(t => t.Id, t => PersistedIntervals(state, t));
        var memtables = new Dictionary<Guid, Dictionary<string, Row>>();
        var commitLog = CommitLog(config);
        foreach (var (position, mutation) in commitLog.ReadAll())
        {
            // pointInTimeExceeded skips the whole mutation; replay goes on with the next one (3.0+).
            if (archiver.PointInTimeExceeded(mutation.Row.Timestamp)
                || !persisted.TryGetValue(mutation.TableId, out var intervals)
                || !filter.Includes(mutation.TableId)
                || intervals.Any(i => i.Contains(position)))
            {
                continue;
            }

            AddToMemtable(memtables, mutation);
        }

        var segments = commitLog.Segments();
        var newestId = segments.Select(s => s.Id).DefaultIfEmpty(0).Max();
        // Cassandra's idBase: the clock in milliseconds, or past the newest segment on disk.
        state.NextSegmentId = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Math.Max(state.NextSegmentId, newestId + 1));
        var startOfNewLog = new CommitLogPosition(state.NextSegmentId, CommitLogSegment.HeaderSize);

        // Everything before the new log has now been dealt with: the replayed SSTables say so for their tables.
        var context = new SSTableStats { CommitLogLowerBound = CommitLogPosition.None, CommitLogUpperBound = startOfNewLog };
        foreach (var (tableId, memtable) in memtables)
        {
            WriteLiveSSTables(state, config, schema.FindTable(tableId)!, memtable.Values, context);
        }

        foreach (var segment in segments)
        {
            DeleteSegmentIfArchived(state, segment);
        }

        foreach (var table in schema.AllTables)
        {
            state.FlushedUpTo[table.Id] = startOfNewLog;
        }

        commitLog.StartNewSegment(state.TakeSegmentId);
    }

    /// <summary>
    /// What replay must skip for a table: the commit log intervals of its live SSTables written by this host (imported
    /// ones from other hosts do not count), plus everything up to its truncation.
    /// </summary>
    private List<CommitLogInterval> PersistedIntervals(NodeState state, TableSchema table)
    {
        var intervals = LocalCommitLogIntervals(state, LiveSSTables(state, table));
        if (state.Truncations.TryGetValue(table.Id, out var truncation))
        {
            intervals.Add(new CommitLogInterval(CommitLogPosition.None, truncation.Position));
        }

        return intervals;
    }

    /// <summary>The commit log intervals in the Statistics.db of those SSTables whose originating host is this node.</summary>
    private static List<CommitLogInterval> LocalCommitLogIntervals(NodeState state, IEnumerable<SSTableDescriptor> sstables) =>
        sstables.Select(CommitLogCoverage.Read).Where(c => c.OriginatingHostId == state.HostId).SelectMany(c => c.Intervals).ToList();
}

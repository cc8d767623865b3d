using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox;

/// <summary>
/// What a running Cassandra process keeps in memory and in its system tables, persisted between the sandbox's
/// short-lived processes in <c>node/.sandbox/state.json</c>: whether it is up, its identity, the live SSTable set
/// and how far each table's data has been flushed from the commit log.
/// </summary>
public sealed class NodeState
{
    public required Guid HostId { get; init; }

    public required List<long> Tokens { get; init; }

    public bool Running { get; set; }

    public bool Drained { get; set; }

    public long StartedAtMs { get; set; }

    /// <summary>Runtime override of <c>incremental_backups</c> (nodetool enablebackup/disablebackup); reset at start-up.</summary>
    public bool? IncrementalBackups { get; set; }

    public long NextSegmentId { get; set; }

    /// <summary>Live SSTables per table (or index, as <c>tableId/index</c>): paths of the SSTable prefix relative to the node directory.</summary>
    public Dictionary<string, List<string>> Live { get; init; } = [];

    public Dictionary<string, long> NextGeneration { get; init; } = [];

    public Dictionary<Guid, CommitLogPosition> FlushedUpTo { get; init; } = [];

    public CommitLogPosition FlushedPosition(Guid tableId) => FlushedUpTo.GetValueOrDefault(tableId, CommitLogPosition.None);

    public List<string> LiveOf(string key) => Live.TryGetValue(key, out var list) ? list : Live[key] = [];

    /// <summary>Segment ids count up from a base taken at start-up (CommitLogSegment.getNextId).</summary>
    public long TakeSegmentId() => NextSegmentId++;
}

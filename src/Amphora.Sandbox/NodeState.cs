using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox;

/// <summary>
/// What a running Cassandra process keeps in memory and in its system tables, persisted between the sandbox's
/// short-lived processes in <c>node/.sandbox/state.json</c>: whether it is up, its identity, the live SSTable set
/// how far each table's data has been flushed from the commit log, truncation records and commit log archiving.
/// </summary>
public sealed class NodeState
{
    public required Guid HostId { get; init; }

    public required List<long> Tokens { get; init; }

    public bool Running { get; set; }

    public bool Drained { get; set; }

    public long StartedAtMs { get; set; }

    /// <summary>The process serving a Scylla-flavoured node's REST API while it is up; stop ends it.</summary>
    public int? RestServerPid { get; set; }

    /// <summary>Runtime override of <c>incremental_backups</c> (nodetool enablebackup/disablebackup); reset at start-up.</summary>
    public bool? IncrementalBackups { get; set; }

    public long NextSegmentId { get; set; }

    /// <summary>Live SSTables per table (or index, as <c>tableId/index</c>): paths of the SSTable prefix relative to the node directory.</summary>
    public Dictionary<string, List<string>> Live { get; init; } = [];

    public Dictionary<string, long> NextGeneration { get; init; } = [];

    public Dictionary<Guid, CommitLogPosition> FlushedUpTo { get; init; } = [];

    /// <summary>archive_command as start-up read it from commitlog_archiving.properties: changes need a restart.</summary>
    public string? ArchiveCommand { get; set; }

    /// <summary>Segment file names archived successfully and still on disk: a later failure (the copy exists) leaves them archived.</summary>
    public List<string> ArchivedSegments { get; init; } = [];

    /// <summary>Segment file names whose archiving failed: the node never deletes them; the next start-up archives them again.</summary>
    public List<string> UnarchivedSegments { get; init; } = [];

    /// <summary>Truncation records per table (system.local's truncated_at): replay skips the table up to the position.</summary>
    public Dictionary<Guid, TruncationRecord> Truncations { get; init; } = [];

    public CommitLogPosition FlushedPosition(Guid tableId) => FlushedUpTo.GetValueOrDefault(tableId, CommitLogPosition.None);

    public List<string> LiveOf(string key) => Live.TryGetValue(key, out var list) ? list : Live[key] = [];

    /// <summary>Segment ids count up from a base taken at start-up (CommitLogSegment.getNextId).</summary>
    public long TakeSegmentId() => NextSegmentId++;
}

using System.Text.Json.Serialization;

namespace Amphora.Core.Repository;

/// <summary>
/// Everything one node's backup holds: who the node was, and for every table its schema and files. Written to
/// <c>backups/&lt;cluster&gt;/&lt;tag&gt;/&lt;host-id&gt;/manifest.json.gz</c> before the backup's completion marker.
/// </summary>
public sealed record NodeManifest
{
    public const string FormatName = "amphora-node-manifest";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentVersion;

    public required string Tag { get; init; }

    /// <summary>
    /// <see cref="BackupKind.Snapshot"/>: a full copy of the node's selected tables at one moment;
    /// <see cref="BackupKind.Incremental"/>: the SSTables found complete in the tables' <c>backups/</c> directories.
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>The node-local snapshot the files were read from; "backups" for an incremental backup.</summary>
    public required string SnapshotName { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required NodeEntry Node { get; init; }

    public required IReadOnlyList<TableEntry> Tables { get; init; }

    [JsonIgnore]
    public IEnumerable<FileEntry> Files => Tables.SelectMany(t => t.Files);
}

public sealed record NodeEntry
{
    public required string Cluster { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }

    public required Guid HostId { get; init; }

    public required string Hostname { get; init; }

    public required IReadOnlyList<string> Tokens { get; init; }

    public required string CassandraVersion { get; init; }

    /// <summary>data_file_directories at backup time; <see cref="FileEntry.DataDirectory"/> indexes this list.</summary>
    public required IReadOnlyList<string> DataDirectories { get; init; }
}

public sealed record TableEntry
{
    public required string Keyspace { get; init; }

    public required string Table { get; init; }

    /// <summary>32 lowercase hex digits from the table directory's name; null for pre-2.1 directories without one.</summary>
    public string? TableId { get; init; }

    /// <summary>The snapshot's schema.cql (CREATE TYPE/TABLE/INDEX statements); null when the node wrote none (before 3.0.9).</summary>
    public string? Schema { get; init; }

    public required IReadOnlyList<FileEntry> Files { get; init; }

    /// <summary>One entry per SSTable among <see cref="Files"/>, with its time bounds; empty in manifests written before they were recorded.</summary>
    [JsonPropertyName("sstables")]
    public IReadOnlyList<SSTableSummary> SSTables { get; init; } = [];
}

public sealed record FileEntry
{
    /// <summary>
    /// Relative to the table's snapshot directory (an incremental's: its <c>backups/</c> directory), '/'-separated; index
    /// files keep their <c>.idx/</c> prefix.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>Which data directory held the file (index into <see cref="NodeEntry.DataDirectories"/>).</summary>
    public required int DataDirectory { get; init; }

    public required long Size { get; init; }

    /// <summary>SHA-256 of the bytes: names the content object <c>content/&lt;hh&gt;/&lt;hash&gt;</c>.</summary>
    public required string Hash { get; init; }

    /// <summary>The SSTable component this file is; null for other snapshot files (manifest.json, schema.cql).</summary>
    [JsonPropertyName("sstable")]
    public SSTableEntry? SSTable { get; init; }
}

public sealed record SSTableEntry
{
    public required string Version { get; init; }

    public required string Id { get; init; }

    public required string Format { get; init; }

    public required string Component { get; init; }
}

/// <summary>One SSTable of a table: its components are the files whose path is <see cref="Prefix"/> + component.</summary>
public sealed record SSTableSummary
{
    /// <summary>Relative to the table's snapshot directory, e.g. <c>nb-1-big-</c> or <c>.by_email/nb-1-big-</c>.</summary>
    public required string Prefix { get; init; }

    public required string Version { get; init; }

    public required string Id { get; init; }

    public required string Format { get; init; }

    /// <summary>From Statistics.db; null when the SSTable has none or it could not be read (treat as "may hold anything").</summary>
    public SSTableTimeBounds? TimeBounds { get; init; }
}

/// <summary>
/// What Statistics.db says about an SSTable's cells: write timestamps (client microseconds) and local deletion times
/// (seconds since the epoch). A deletion time is null when the SSTable has no tombstone or expiring cell, or the format does
/// not record it (2.1 and 2.2 have only the maximum).
/// </summary>
public sealed record SSTableTimeBounds
{
    public required long MinTimestamp { get; init; }

    public required long MaxTimestamp { get; init; }

    public long? MinLocalDeletionTime { get; init; }

    public long? MaxLocalDeletionTime { get; init; }
}

using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>What <c>amphora sandbox write</c> asks for.</summary>
public sealed record WriteOptions
{
    public int Rows { get; init; }

    public long StartKey { get; init; }

    /// <summary>Client timestamp in microseconds for every row; default: now, one microsecond apart per row.</summary>
    public long? TimestampMicros { get; init; }

    public int ValueSize { get; init; } = 64;

    /// <summary>Write tombstones (deletions) instead of values.</summary>
    public bool Delete { get; init; }

    /// <summary>How to create the table when it does not exist yet.</summary>
    public TableCreation Table { get; init; } = new();
}

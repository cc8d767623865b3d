using System.Text.Json.Serialization;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox.Schema;

/// <summary>A sandbox table: a bigint (or text, for system tables) partition key and one text column, with optional secondary indexes.</summary>
public sealed class TableSchema
{
    public required string Keyspace { get; init; }

    public required string Name { get; init; }

    public required Guid Id { get; init; }

    /// <summary>CQL type of the partition key: <c>bigint</c> for user tables, <c>text</c> for system tables.</summary>
    public string KeyType { get; init; } = "bigint";

    public string? Compressor { get; init; } = TableStorageOptions.Default.Compressor;

    public int ChunkLengthKiB { get; init; } = TableStorageOptions.Default.ChunkLengthKiB;

    public List<string> Indexes { get; init; } = [];

    [JsonIgnore]
    public string QualifiedName => $"{Keyspace}.{Name}";

    /// <summary>The directory name under the keyspace: <c>&lt;table&gt;-&lt;32 hex id&gt;</c>.</summary>
    [JsonIgnore]
    public string DirectoryName => $"{Name}-{Id:N}";

    [JsonIgnore]
    public TableStorageOptions StorageOptions => new(Compressor, ChunkLengthKiB);
}

namespace Amphora.Core.SSTables.Verification;

/// <summary>What the verifier learned about an SSTable on the way: what <c>amphora sstable info</c> prints.</summary>
public sealed record SSTableDetails
{
    public required string Version { get; init; }

    public required string Format { get; init; }

    public required string Id { get; init; }

    /// <summary>When a UUID generation id was made; null for sequence ids.</summary>
    public DateTimeOffset? IdTime { get; init; }

    /// <summary>Each component file present and its size.</summary>
    public required IReadOnlyDictionary<string, long> Components { get; init; }

    /// <summary>The components TOC.txt lists, when it could be read.</summary>
    public IReadOnlyList<string>? TocComponents { get; init; }

    public CompressionInfo? Compression { get; init; }

    /// <summary>Slice size of CRC.db for uncompressed tables.</summary>
    public int? CrcSliceSize { get; init; }

    public SSTableStatistics? Statistics { get; init; }

    public string? Digest { get; init; }

    public long DataSize => Components.GetValueOrDefault("Data.db");

    public long TotalSize => Components.Values.Sum();
}

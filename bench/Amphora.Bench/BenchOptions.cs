namespace Amphora.Bench;

/// <summary>What one benchmark run measures, and at which sizes.</summary>
public sealed record BenchOptions
{
    public required string WorkDirectory { get; init; }

    public required string AmphoraDll { get; init; }

    /// <summary>Data on the node of benchmarks 1 to 5.</summary>
    public long NodeBytes { get; init; } = 2L << 30;

    /// <summary>Files in every generated node's snapshot (SSTable components).</summary>
    public int NodeFiles { get; init; } = 10_000;

    /// <summary>Node sizes of benchmark 6 (peak memory).</summary>
    public IReadOnlyList<long> MemoryNodeBytes { get; init; } = [1L << 30, 8L << 30];

    public int CatalogBackups { get; init; } = 1000;

    public int CatalogNodes { get; init; } = 10;

    public int CatalogPurged { get; init; } = 100;

    /// <summary>The S3-compatible server of benchmark 5 (path-style, S3RVER credentials); null skips it.</summary>
    public string? S3Endpoint { get; init; }

    public string S3Bucket { get; init; } = "amphora-test";

    /// <summary>Where the results are appended; null prints them only.</summary>
    public string? ReportFile { get; init; }

    public required string CommandLine { get; init; }
}

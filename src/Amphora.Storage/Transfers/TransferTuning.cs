namespace Amphora.Storage.Transfers;

/// <summary>How a store moves big objects: the memory budget its part buffers share and how many parts of one object go at once.</summary>
public sealed record TransferTuning
{
    public static TransferTuning Default { get; } = new();

    public TransferMemory Memory { get; init; } = TransferMemory.Shared;

    /// <summary>Parts of one object sent at once (files are also sent in parallel, by the backup).</summary>
    public int PartParallelism { get; init; } = 4;

    /// <summary>The smallest part; S3 refuses parts under 5 MiB but the last.</summary>
    public int MinimumPartSize { get; init; } = 8 * PartLayout.MiB;
}

using Amphora.Storage.Azure;
using Amphora.Storage.Gcs;
using Amphora.Storage.Resilience;
using Amphora.Storage.S3;
using Amphora.Storage.Transfers;

namespace Amphora.Storage;

/// <summary>Everything besides the location itself that decides how a store is opened: provider settings and transfer limits.</summary>
public sealed record StorageSettings
{
    public static StorageSettings Default { get; } = new();

    public TransferTuning Tuning { get; init; } = TransferTuning.Default;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    /// <summary>Uploads and downloads together, in MiB/s, for everything this process moves; null = unlimited.</summary>
    public double? RateLimitMebibytesPerSecond { get; init; }

    public S3Settings S3 { get; init; } = new();

    public AzureSettings Azure { get; init; } = new();

    public GcsSettings Gcs { get; init; } = new();
}

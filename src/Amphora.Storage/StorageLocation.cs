using Amphora.Storage.Azure;
using Amphora.Storage.Gcs;
using Amphora.Storage.Local;
using Amphora.Storage.Resilience;
using Amphora.Storage.S3;
using Amphora.Storage.Throttling;

namespace Amphora.Storage;

/// <summary>
/// Opens the store for a location, wrapped in the rate limit and the retries its settings ask for; the wrappers keep the
/// store's optional capabilities (<see cref="IContentStagingStore"/>).
/// </summary>
public static class StorageLocation
{
    /// <summary>A location with settings from the providers' environment variables only.</summary>
    public static IObjectStore Open(string location) => Open(LocationSpec.Parse(location), FromEnvironment(StorageSettings.Default));

    public static StorageSettings FromEnvironment(StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with
        {
            S3 = settings.S3.WithEnvironment(Environment.GetEnvironmentVariable),
            Azure = settings.Azure.WithEnvironment(Environment.GetEnvironmentVariable),
            Gcs = settings.Gcs.WithEnvironment(Environment.GetEnvironmentVariable),
        };
    }

    public static IObjectStore Open(LocationSpec location, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        IObjectStore store = location.Kind switch
        {
            LocationKind.File => new LocalObjectStore(location.Container),
            LocationKind.S3 => new S3ObjectStore(location.Text, location.Container, location.Prefix, settings.S3, settings.Tuning),
            LocationKind.Azure => new AzureBlobObjectStore(location.Text, location.Container, location.Prefix, settings.Azure, settings.Tuning),
            _ => new GcsObjectStore(location.Text, location.Container, location.Prefix, settings.Gcs, settings.Tuning),
        };

        if (settings.RateLimitMebibytesPerSecond is { } rate)
        {
            store = RateLimitedObjectStore.Over(store, ByteRateLimiter.FromMebibytesPerSecond(rate));
        }

        return settings.Retry.MaxRetries > 0 ? RetryingObjectStore.Over(store, settings.Retry) : store;
    }
}

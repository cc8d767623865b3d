using Amphora.Storage.Local;
using Amphora.Storage.Resilience;
using Amphora.Storage.Throttling;

namespace Amphora.Storage;

/// <summary>Opens the store for a location, wrapped in the rate limit and the retries its settings ask for.</summary>
public static class StorageLocation
{
    public static IObjectStore Open(string location) => Open(LocationSpec.Parse(location), StorageSettings.Default);

    public static IObjectStore Open(LocationSpec location, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        IObjectStore store = location.Kind switch
        {
            LocationKind.File => new LocalObjectStore(location.Container),
            _ => throw new ArgumentException($"location '{location.Text}': {location.Kind} locations are not available in this build."),
        };

        if (settings.RateLimitMebibytesPerSecond is { } rate)
        {
            store = new RateLimitedObjectStore(store, ByteRateLimiter.FromMebibytesPerSecond(rate));
        }

        return settings.Retry.MaxRetries > 0 ? new RetryingObjectStore(store, settings.Retry) : store;
    }
}

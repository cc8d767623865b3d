using Amphora.Storage.Transfers;

namespace Amphora.Storage.Throttling;

/// <summary>
/// Holds any backend to a byte rate: uploads are throttled where the backend reads its source, downloads where the caller
/// reads the object. Small metadata calls are not charged. <see cref="Over"/> keeps the inner store's staging capability.
/// </summary>
public class RateLimitedObjectStore(IObjectStore inner, ByteRateLimiter limiter) : IObjectStore
{
    /// <summary>Rate-limits <paramref name="inner"/>, staging too (its bytes charged) when it can stage.</summary>
    public static RateLimitedObjectStore Over(IObjectStore inner, ByteRateLimiter limiter) =>
        inner is IContentStagingStore ? new RateLimitedStagingObjectStore(inner, limiter) : new RateLimitedObjectStore(inner, limiter);

    public string Location => inner.Location;

    public TransferStatistics Statistics => inner.Statistics;

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        inner.PutAsync(key, Throttled(content), cancellationToken);

    public Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        inner.PutIfAbsentAsync(key, Throttled(content), cancellationToken);

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken) =>
        new ThrottledReadStream(await inner.OpenReadAsync(key, range, cancellationToken).ConfigureAwait(false), limiter);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    private protected UploadSource Throttled(UploadSource content) =>
        UploadSource.FromStream(content.Length, () => new ThrottledReadStream(content.Open(), limiter));
}

namespace Amphora.Storage.Throttling;

/// <summary>A <see cref="RateLimitedObjectStore"/> over a store that can stage: staged bytes are charged like uploaded ones.</summary>
internal sealed class RateLimitedStagingObjectStore(IObjectStore inner, ByteRateLimiter limiter) : RateLimitedObjectStore(inner, limiter), IContentStagingStore
{
    private readonly IContentStagingStore _staging = (IContentStagingStore)inner;

    public Task<StagedObject> StageAsync(string stageId, UploadSource content, CancellationToken cancellationToken) =>
        _staging.StageAsync(stageId, Throttled(content), cancellationToken);

    public Task FlushPublishedAsync(CancellationToken cancellationToken) => _staging.FlushPublishedAsync(cancellationToken);
}

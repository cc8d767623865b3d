namespace Amphora.Storage.Resilience;

/// <summary>
/// A <see cref="RetryingObjectStore"/> over a store that can stage: a stage that fails transiently is staged again under the
/// same id, which resumes what the failed one wrote. Publishing and flushing are not retried: a rename or a sync, on the store that staged.
/// </summary>
internal sealed class RetryingStagingObjectStore(IObjectStore inner, RetryOptions options) : RetryingObjectStore(inner, options), IContentStagingStore
{
    private readonly IContentStagingStore _staging = (IContentStagingStore)inner;

    public Task<StagedObject> StageAsync(string stageId, UploadSource content, CancellationToken cancellationToken) =>
        RetryAsync(token => _staging.StageAsync(stageId, content, token), cancellationToken);

    public Task FlushPublishedAsync(CancellationToken cancellationToken) => _staging.FlushPublishedAsync(cancellationToken);
}

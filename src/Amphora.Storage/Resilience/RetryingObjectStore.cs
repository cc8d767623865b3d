using System.Runtime.CompilerServices;
using Amphora.Storage.Transfers;
using Polly;
using Polly.Retry;

namespace Amphora.Storage.Resilience;

/// <summary>
/// Retries any backend's transient failures (<see cref="StorageException.IsTransient"/>: 5xx, throttling, timeouts, dropped
/// connections) with exponential backoff and jitter; permanent ones (credentials, permissions, a missing object) fail at
/// once. A retried put resumes the interrupted one, a retried listing skips what it already returned, and a download
/// that breaks midway reopens at the byte where it stopped. <see cref="Over"/> keeps the inner store's staging capability.
/// </summary>
public class RetryingObjectStore : IObjectStore
{
    private readonly IObjectStore _inner;
    private readonly ResiliencePipeline _pipeline;
    private readonly RetryOptions _options;

    /// <summary>Retries over <paramref name="inner"/>; use <see cref="Over"/> to keep its staging capability.</summary>
    public RetryingObjectStore(IObjectStore inner, RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _options = options;
        _pipeline = options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StorageException>(e => e.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
                OnRetry = arguments =>
                {
                    Retried?.Invoke(arguments.Outcome.Exception!, arguments.AttemptNumber + 2, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            }).Build();
    }

    /// <summary>Retries over <paramref name="inner"/>, staging too (each retried stage resuming the last) when it can stage.</summary>
    public static RetryingObjectStore Over(IObjectStore inner, RetryOptions options) =>
        inner is IContentStagingStore ? new RetryingStagingObjectStore(inner, options) : new RetryingObjectStore(inner, options);

    /// <summary>Told of each retry: the failure, the attempt about to start (2 = first retry) and the wait before it.</summary>
    public event Action<Exception, int, TimeSpan>? Retried;

    public string Location => _inner.Location;

    public TransferStatistics Statistics => _inner.Statistics;

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await _inner.PutAsync(key, content, token).ConfigureAwait(false), cancellationToken).AsTask();

    public Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await _inner.PutIfAbsentAsync(key, content, token).ConfigureAwait(false), cancellationToken).AsTask();

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        var first = await OpenOnceAsync(key, range, cancellationToken).ConfigureAwait(false);
        return new ReopeningReadStream(first, range, _options, (reopenAt, token) => OpenOnceAsync(key, reopenAt, token));
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await _inner.StatAsync(key, token).ConfigureAwait(false), cancellationToken).AsTask();

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listings come in ordinal key order, so a listing that broke midway restarts and skips what it already returned.
        string? last = null;
        var attempt = 0;
        while (true)
        {
            var enumerator = _inner.ListAsync(prefix, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    ObjectInfo info;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        info = enumerator.Current;
                    }
                    catch (StorageException e) when (e.IsTransient && attempt < _options.MaxRetries)
                    {
                        attempt++;
                        break;
                    }

                    if (last is null || string.CompareOrdinal(info.Key, last) > 0)
                    {
                        last = info.Key;
                        yield return info;
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            await Task.Delay(Backoff.Delay(_options, attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await _inner.DeleteAsync(key, token).ConfigureAwait(false), cancellationToken).AsTask();

    /// <summary>Runs the operation under the retry policy.</summary>
    private protected Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await operation(token).ConfigureAwait(false), cancellationToken).AsTask();

    private Task<Stream> OpenOnceAsync(string key, ByteRange range, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await _inner.OpenReadAsync(key, range, token).ConfigureAwait(false), cancellationToken).AsTask();
}

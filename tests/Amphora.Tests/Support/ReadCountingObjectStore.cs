using System.Collections.Concurrent;
using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Support;

/// <summary>A store that passes every call to another store and counts, per key, the bytes read from it.</summary>
public sealed class ReadCountingObjectStore(IObjectStore inner) : IObjectStore
{
    public ConcurrentDictionary<string, long> BytesRead { get; } = new(StringComparer.Ordinal);

    public string Location => inner.Location;

    public TransferStatistics Statistics => inner.Statistics;

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken) =>
        new ReadObservingStream(await inner.OpenReadAsync(key, range, cancellationToken), read => BytesRead.AddOrUpdate(key, read, (_, total) => total + read));

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(key, content, cancellationToken);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
}

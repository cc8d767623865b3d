using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Support;

/// <summary>
/// A store that passes every call to another store, after letting the test look at each put first: the test's hook can
/// block it (to hold a backup at one step) or throw (to play a failing location). Fault injection as a wrapper.
/// </summary>
public sealed class InterceptingObjectStore(IObjectStore inner, Func<string, UploadSource, CancellationToken, Task> beforePut) : IObjectStore
{
    public string Location => inner.Location;

    public async Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        await beforePut(key, content, cancellationToken);
        await inner.PutAsync(key, content, cancellationToken);
    }

    public async Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        await beforePut(key, content, cancellationToken);
        return await inner.PutIfAbsentAsync(key, content, cancellationToken);
    }

    public TransferStatistics Statistics => inner.Statistics;

    public Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken) => inner.OpenReadAsync(key, range, cancellationToken);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
}

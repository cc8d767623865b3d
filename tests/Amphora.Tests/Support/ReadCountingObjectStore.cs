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
        new CountingStream(await inner.OpenReadAsync(key, range, cancellationToken), read => BytesRead.AddOrUpdate(key, read, (_, total) => total + read));

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(key, content, cancellationToken);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    private sealed class CountingStream(Stream stream, Action<int> counted) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            var read = stream.Read(buffer);
            counted(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            counted(read);
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stream.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

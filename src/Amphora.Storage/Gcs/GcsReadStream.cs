using Amphora.Storage.Transfers;

namespace Amphora.Storage.Gcs;

/// <summary>
/// The body of a download, counted into the store's statistics as it is read. When a server answered a ranged request
/// with the whole object, it skips to the range's start and stops at its end itself.
/// </summary>
internal sealed class GcsReadStream(HttpResponseMessage response, Stream body, long skip, long? limit, TransferStatistics statistics) : ReadOnlyStream
{
    private long _skip = skip;
    private long? _remaining = limit;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_skip > 0)
        {
            var skipped = await body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _skip)], cancellationToken).ConfigureAwait(false);
            if (skipped == 0)
            {
                return 0;
            }

            statistics.Received(skipped);
            _skip -= skipped;
        }

        if (_remaining is { } remaining)
        {
            if (remaining == 0)
            {
                return 0;
            }

            buffer = buffer[..(int)Math.Min(buffer.Length, remaining)];
        }

        var read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        statistics.Received(read);
        _remaining -= read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}

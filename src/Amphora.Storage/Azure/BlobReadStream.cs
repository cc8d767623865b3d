using Amphora.Storage.Transfers;

namespace Amphora.Storage.Azure;

/// <summary>
/// The body of a blob download: counts the bytes it yields as received, turns a dropped or stalled connection into a
/// transient <see cref="StorageException"/> and releases the response when disposed.
/// </summary>
internal sealed class BlobReadStream(HttpResponseMessage response, Stream body, TransferStatistics statistics, Func<Exception, StorageException?> failure)
    : ReadOnlyStream
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(2);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Counted(body.Read(buffer));
        }
        catch (Exception e) when (failure(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A connection that stops delivering without closing would otherwise hang the read forever.
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(StallTimeout);
        try
        {
            return Counted(await body.ReadAsync(buffer, stalled.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && failure(e) is { } translated)
        {
            throw translated;
        }
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

    private int Counted(int read)
    {
        statistics.Received(read);
        return read;
    }
}

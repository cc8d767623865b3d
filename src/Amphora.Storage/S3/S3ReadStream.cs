using Amazon.S3.Model;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.S3;

/// <summary>
/// The body of a GET as the caller reads it: at most <paramref name="limit"/> bytes when given, received bytes counted,
/// connection failures mid-body turned into storage failures, and the response (and its connection) released on dispose.
/// </summary>
internal sealed class S3ReadStream(GetObjectResponse response, long? limit, TransferStatistics statistics, Func<Exception, StorageException> fail) : ReadOnlyStream
{
    private readonly Stream _body = response.ResponseStream;
    private long? _remaining = limit;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(_body.Read(buffer[..Allowed(buffer.Length)]));
        }
        catch (IOException e)
        {
            throw fail(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await _body.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken).ConfigureAwait(false));
        }
        catch (IOException e)
        {
            throw fail(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int wanted) => _remaining is { } remaining ? (int)Math.Min(wanted, remaining) : wanted;

    private int Count(int read)
    {
        statistics.Received(read);
        _remaining -= read;
        return read;
    }
}

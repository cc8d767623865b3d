using Amphora.Storage;

namespace Amphora.Core.Repository;

/// <summary>
/// Passes reads through until more than <c>limit</c> bytes have come, then refuses: a document larger than any Amphora
/// writes (a gzip bomb, an endless object) is stopped before it exhausts memory or time.
/// <paramref name="what"/> names the bytes counted in the message ("the object", "its decompressed content").
/// </summary>
internal sealed class CappedReadStream(Stream inner, long limit, string what) : ReadOnlyStream
{
    private long _read;

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read <= limit
            ? read
            : throw new InvalidDataException($"{what} is larger than {limit:N0} bytes, more than any document Amphora writes; reading stopped there");
    }
}

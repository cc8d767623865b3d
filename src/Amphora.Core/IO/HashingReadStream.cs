using System.Security.Cryptography;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.IO;

/// <summary>
/// Passes reads through while hashing them with SHA-256. Once the inner stream has ended, <see cref="Hash"/> holds the
/// hash of everything read, so one read of an object can serve both a format check and a content-hash check;
/// <paramref name="ended"/> hears of it at once.
/// </summary>
public sealed class HashingReadStream(Stream inner, Action<HashingReadStream>? ended = null) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    /// <summary>The SHA-256 of the whole stream, once it has been read to its end; null before.</summary>
    public ContentHash? Hash { get; private set; }

    public override int Read(Span<byte> buffer) => Account(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    /// <summary>Reads what is left, so <see cref="Hash"/> is set.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => CopyToAsync(Null, 1 << 20, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            if (Hash is null)
            {
                Hash = ContentHash.FromBytes(_hash.GetCurrentHash());
                ended?.Invoke(this);
            }

            return 0;
        }

        _hash.AppendData(bytes);
        BytesRead += bytes.Length;
        return bytes.Length;
    }
}

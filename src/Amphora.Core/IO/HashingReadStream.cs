using System.Security.Cryptography;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.IO;

/// <summary>
/// Passes reads through while hashing them with SHA-256. Once the inner stream has ended, <see cref="Hash"/> holds the
/// hash of everything read, so one read of an object can serve both a format check and a content-hash check.
/// <paramref name="read"/> hears of every read's size; <paramref name="ended"/> hears of the end and may throw to fail
/// the read that found it (it is asked again at the next read until it does not throw).
/// </summary>
public sealed class HashingReadStream(Stream inner, Action<long>? read = null, Action<HashingReadStream>? ended = null) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _endAccepted;

    public long BytesRead { get; private set; }

    /// <summary>The SHA-256 of the whole stream, once it has been read to its end; null before.</summary>
    public ContentHash? Hash { get; private set; }

    /// <summary>Streams the whole of <paramref name="stream"/> (disposing it) and returns its SHA-256 and length.</summary>
    public static async Task<(ContentHash Hash, long Length)> HashAsync(Stream stream, Action<long>? read, CancellationToken cancellationToken)
    {
        var hashing = new HashingReadStream(stream, read);
        await using (hashing.ConfigureAwait(false))
        {
            await hashing.CopyToAsync(Null, 1 << 20, cancellationToken).ConfigureAwait(false);
            return (hashing.Hash!.Value, hashing.BytesRead);
        }
    }

    public override int Read(Span<byte> buffer) => Account(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..count]);
    }

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
            Hash ??= ContentHash.FromBytes(_hash.GetCurrentHash());
            if (!_endAccepted)
            {
                ended?.Invoke(this);
                _endAccepted = true;
            }

            return 0;
        }

        _hash.AppendData(bytes);
        BytesRead += bytes.Length;
        read?.Invoke(bytes.Length);
        return bytes.Length;
    }
}

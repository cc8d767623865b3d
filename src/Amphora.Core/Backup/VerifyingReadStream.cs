using System.Security.Cryptography;
using Amphora.Core.IO;
using Amphora.Storage;
using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>
/// Reads a file for upload while hashing it, and fails at the end of the stream, before the store commits the object, if the
/// bytes are not the ones the backup recorded. Also counts every byte read from the node's disk.
/// </summary>
public sealed class VerifyingReadStream(Stream inner, string path, ContentHash expected, long expectedSize, ReadCounter counter) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private bool _verified;

    public override long Length => expectedSize;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
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
        counter.Add(bytes.Length);
        _position += bytes.Length;
        if (bytes.Length > 0)
        {
            _hash.AppendData(bytes);
            return bytes.Length;
        }

        if (!_verified)
        {
            var actual = ContentHash.FromBytes(_hash.GetHashAndReset());
            if (_position != expectedSize || actual != expected)
            {
                throw new IOException(
                    $"{path} changed while it was being backed up ({_position} bytes, SHA-256 {actual.Hex}; expected {expectedSize} bytes, {expected.Hex}). " +
                    "Snapshot files are immutable: something modified the snapshot. Run the backup again.");
            }

            _verified = true;
        }

        return 0;
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using Amphora.Core.Checksums;
using Amphora.Storage;

namespace Amphora.Core.Repository;

/// <summary>
/// Decompresses an object that must be exactly one gzip member, as Amphora writes them. .NET's GZipStream ends quietly when
/// the object is cut in or after the deflate data's last block, and ignores bytes after the member that do not start
/// another; here the end of the stream checks the trailer (CRC-32 and length of all the decompressed bytes) against the
/// object's last 8 bytes, so a truncated, corrupted or extended object fails its last read instead of passing as whole.
/// </summary>
internal sealed class GzipMemberStream : ReadOnlyStream
{
    private const int TrailerLength = 8;

    /// <summary>A 10-byte header, an empty deflate block, the trailer.</summary>
    private const int MinimumLength = 18;
    private static readonly byte[] Magic = [0x1f, 0x8b];

    private readonly Tap _compressed;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _checked;

    public GzipMemberStream(Stream compressed)
    {
        _compressed = new Tap(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
    }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }

        if (read == 0 && !_checked)
        {
            Span<byte> rest = stackalloc byte[4096];
            while (_compressed.Read(rest) > 0)
            {
            }

            CheckTrailer();
        }

        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }

        if (read == 0 && !_checked)
        {
            // Whatever follows the member must be read too: the trailer to check is the object's last 8 bytes.
            var rest = new byte[4096];
            while (await _compressed.ReadAsync(rest, cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            CheckTrailer();
        }

        return Account(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> decompressed)
    {
        _crc.Append(decompressed);
        _length += decompressed.Length;
        return decompressed.Length;
    }

    private InvalidDataException Corrupt(InvalidDataException e) =>
        _compressed.StartsWith(Magic)
            ? new InvalidDataException($"its gzip data is truncated or corrupt ({e.Message})", e)
            : new InvalidDataException($"it is not gzip data (it starts with {_compressed.FirstBytesText})", e);

    private void CheckTrailer()
    {
        if (_compressed.Count == 0)
        {
            throw new InvalidDataException("it is empty, not gzip data");
        }

        if (!_compressed.StartsWith(Magic))
        {
            throw new InvalidDataException($"it is not gzip data (it starts with {_compressed.FirstBytesText})");
        }

        var trailer = _compressed.Tail;
        if (_compressed.Count < MinimumLength
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != _crc.Value
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != (uint)_length)
        {
            throw new InvalidDataException(
                $"its gzip data is truncated or corrupt: the {_compressed.Count}-byte object does not end in the CRC-32 and length of the {_length} bytes it decompresses to");
        }

        _checked = true;
    }

    /// <summary>Passes the compressed bytes through, remembering how many came, the first two and the last eight.</summary>
    private sealed class Tap(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _first = new byte[2];
        private readonly byte[] _tail = new byte[TrailerLength];
        private int _tailLength;

        public long Count { get; private set; }

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, _tailLength);

        public string FirstBytesText => string.Join(' ', _first.Take((int)Math.Min(Count, _first.Length)).Select(b => $"0x{b:x2}"));

        /// <summary>True when the object begins with the magic bytes, or with as many of them as it has.</summary>
        public bool StartsWith(ReadOnlySpan<byte> magic)
        {
            var length = (int)Math.Min(Count, magic.Length);
            return _first.AsSpan(0, length).SequenceEqual(magic[..length]);
        }

        public override int Read(Span<byte> buffer) => Remember(buffer[..inner.Read(buffer)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Remember(buffer.Span[..read]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Remember(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; Count + i < _first.Length && i < bytes.Length; i++)
            {
                _first[Count + i] = bytes[i];
            }

            if (bytes.Length >= TrailerLength)
            {
                bytes[^TrailerLength..].CopyTo(_tail);
                _tailLength = TrailerLength;
            }
            else
            {
                var keep = Math.Min(_tailLength, TrailerLength - bytes.Length);
                _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
                bytes.CopyTo(_tail.AsSpan(keep));
                _tailLength = keep + bytes.Length;
            }

            Count += bytes.Length;
            return bytes.Length;
        }
    }
}

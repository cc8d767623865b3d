using System.Buffers.Binary;

namespace Amphora.Core.SSTables;

/// <summary>
/// Reads Java DataOutput fields (big-endian) from a stream in order, through a small buffer, never past a known length:
/// a hostile length field fails as "ends before" instead of reading or allocating without bound.
/// </summary>
public sealed class BigEndianReader(Stream stream, long length, string what)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    public long Remaining => length - Position;

    public async ValueTask<int> ReadInt32Async(CancellationToken cancellationToken)
    {
        await FillAsync(4, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadInt32BigEndian(Consume(4));
    }

    public async ValueTask<long> ReadInt64Async(CancellationToken cancellationToken)
    {
        await FillAsync(8, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadInt64BigEndian(Consume(8));
    }

    /// <summary>Java's writeUTF: a u16 length, then modified UTF-8 (plain UTF-8 for the ASCII names Cassandra writes).</summary>
    public async ValueTask<string> ReadUtfAsync(CancellationToken cancellationToken)
    {
        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        var size = BinaryPrimitives.ReadUInt16BigEndian(Consume(2));
        await FillAsync(size, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(Consume(size));
    }

    private ReadOnlySpan<byte> Consume(int count)
    {
        var span = _buffer.AsSpan(_start, count);
        _start += count;
        Position += count;
        return span;
    }

    /// <summary>Makes the next <paramref name="count"/> bytes (at most the buffer's size) available in the buffer.</summary>
    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        if (count > Remaining)
        {
            throw new SSTableFormatException($"{what} ends at byte {length}, but a field at byte {Position} needs {count} more bytes.");
        }

        if (_end - _start >= count)
        {
            return;
        }

        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        (_end, _start) = (_end - _start, 0);
        while (_end < count)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SSTableFormatException($"{what} ended after {Position + _end} bytes, shorter than its size of {length} bytes.");
            }

            _end += read;
        }
    }
}

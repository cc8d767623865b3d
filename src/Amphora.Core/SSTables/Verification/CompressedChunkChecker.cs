using System.Buffers.Binary;
using System.Globalization;
using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// Checks a compressed Data.db against CompressionInfo.db: chunk i spans [offset i, offset i+1) (the last ends at the file's
/// end), and its last 4 bytes are the big-endian checksum of the bytes before them. Offsets are read as the data streams, so
/// memory does not grow with the number of chunks.
/// </summary>
public sealed class CompressedChunkChecker(
    CompressionInfo info, BigEndianReader offsets, long dataLength, ChecksumKind checksumKind, string dataComponent, ProblemList problems) : IChunkChecker
{
    private const int TrailerBytes = 4;

    private readonly IRunningChecksum _checksum = checksumKind.Create();
    private readonly byte[] _trailer = new byte[TrailerBytes];
    private long _position;
    private int _chunk = -1;
    private long _start;
    private long _end;
    private long? _nextOffset;
    private bool _stopped;

    public async ValueTask ConsumeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_chunk < 0)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        while (!bytes.IsEmpty && !_stopped && _chunk < info.ChunkCount)
        {
            var payloadEnd = _end - TrailerBytes;
            int take;
            if (_position < payloadEnd)
            {
                take = (int)Math.Min(bytes.Length, payloadEnd - _position);
                _checksum.Append(bytes.Span[..take]);
            }
            else
            {
                take = (int)Math.Min(bytes.Length, _end - _position);
                bytes.Span[..take].CopyTo(_trailer.AsSpan((int)(_position - payloadEnd)));
            }

            _position += take;
            bytes = bytes[take..];
            if (_position == _end)
            {
                CheckTrailer();
                await NextChunkAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (!bytes.IsEmpty && !_stopped)
        {
            _position += bytes.Length;
        }
    }

    public void Finish(long length)
    {
        if (_chunk < 0 && info.ChunkCount > 0)
        {
            // No byte ever arrived, so no chunk was entered: an empty Data.db under a CompressionInfo.db that lists chunks.
            problems.Add(dataComponent, SSTableChecks.ChunkOffsets, string.Create(CultureInfo.InvariantCulture,
                $"Data.db is empty, but CompressionInfo.db lists {info.ChunkCount} chunks."));
        }
        else if (!_stopped && _chunk >= 0 && _chunk < info.ChunkCount)
        {
            problems.Add(dataComponent, SSTableChecks.ChunkOffsets, string.Create(CultureInfo.InvariantCulture,
                $"Data.db ends at byte {length}, inside chunk {_chunk} of {info.ChunkCount}, which CompressionInfo.db says ends at byte {_end}."));
        }
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _chunk = 0;
        if (info.ChunkCount == 0)
        {
            if (dataLength != 0)
            {
                Stop($"CompressionInfo.db lists no chunk, but Data.db holds {dataLength} bytes.");
            }

            return;
        }

        _nextOffset = await offsets.ReadInt64Async(cancellationToken).ConfigureAwait(false);
        if (_nextOffset != 0)
        {
            Stop($"the first chunk starts at byte {_nextOffset}, not 0.");
            return;
        }

        await EnterChunkAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask NextChunkAsync(CancellationToken cancellationToken)
    {
        _chunk++;
        if (_chunk < info.ChunkCount)
        {
            await EnterChunkAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (_position != dataLength)
        {
            // Only reachable when the last chunk ended early, i.e. never with well-formed offsets; kept as a guard.
            Stop($"the last chunk ends at byte {_position}, but Data.db is {dataLength} bytes.");
        }
    }

    /// <summary>Makes chunk <see cref="_chunk"/> current: it starts at the offset read last and ends at the next one.</summary>
    private async ValueTask EnterChunkAsync(CancellationToken cancellationToken)
    {
        _start = _nextOffset!.Value;
        _nextOffset = _chunk + 1 < info.ChunkCount ? await offsets.ReadInt64Async(cancellationToken).ConfigureAwait(false) : null;
        _end = _nextOffset ?? dataLength;
        _checksum.Reset();

        // A chunk holding uncompressed data keeps at least one byte of it before the checksum (an empty payload would pass
        // CRC32, whose value for no bytes is 0). Compared as _start + minimum: _end - _start overflows for hostile offsets.
        var minimum = TrailerBytes + ((long)_chunk * info.ChunkLength < info.UncompressedLength ? 1 : 0);
        if (_end < _start + minimum || _end > dataLength)
        {
            Stop(_end > dataLength
                ? $"chunk {_chunk} of {info.ChunkCount} ends at byte {_end}, past the end of Data.db ({dataLength} bytes)."
                : $"chunk {_chunk} spans bytes {_start}..{_end}, too short for its data and 4-byte checksum (offsets must increase).");
        }
    }

    private void CheckTrailer()
    {
        var stored = BinaryPrimitives.ReadUInt32BigEndian(_trailer);
        var actual = _checksum.Value;
        if (stored != actual)
        {
            problems.Add(dataComponent, SSTableChecks.ChunkChecksum, string.Create(CultureInfo.InvariantCulture,
                $"chunk {_chunk} (bytes {_start}..{_end}) has {checksumKind} {actual:x8}, but its trailer says {stored:x8}."));
        }
    }

    private void Stop(string message)
    {
        problems.Add(dataComponent, SSTableChecks.ChunkOffsets, message);
        _stopped = true;
    }
}

using System.Buffers.Binary;
using Amphora.Core.Compression;
using Amphora.Core.IO;
using Amphora.Storage;

namespace Amphora.Sandbox.Storage;

/// <summary>Reads the rows of a sandbox SSTable back from Data.db, one compressed chunk at a time.</summary>
public static class SSTableReader
{
    public static IEnumerable<Row> ReadRows(SSTableDescriptor descriptor)
    {
        var compressionInfo = descriptor.PathOf(Components.CompressionInfo);
        using var data = File.Exists(compressionInfo)
            ? new DecompressingStream(descriptor.DataPath, ChunkOffsets(compressionInfo))
            : (Stream)new BufferedStream(File.OpenRead(descriptor.DataPath));
        while (RowEncoding.Read(data) is { } row)
        {
            yield return row;
        }
    }

    /// <summary>The chunk offsets from CompressionInfo.db (na+ layout: name, options, chunk length, max compressed length, data length, offsets).</summary>
    private static long[] ChunkOffsets(string compressionInfoPath)
    {
        using var input = new BinaryReader(File.OpenRead(compressionInfoPath));
        int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(input.ReadBytes(4));
        void SkipUtf() => input.ReadBytes(BinaryPrimitives.ReadUInt16BigEndian(input.ReadBytes(2)));
        SkipUtf();
        var options = ReadInt32();
        for (var i = 0; i < options * 2; i++)
        {
            SkipUtf();
        }

        input.ReadBytes(4 + 4 + 8); // chunk length, max compressed length, uncompressed length
        var offsets = new long[ReadInt32()];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64BigEndian(input.ReadBytes(8));
        }

        return offsets;
    }

    /// <summary>Data.db's uncompressed bytes, decompressing LZ4 chunks on demand.</summary>
    private sealed class DecompressingStream(string dataPath, long[] offsets) : ReadOnlyStream
    {
        private readonly FileStream _file = File.OpenRead(dataPath);
        private byte[] _stored = [];
        private byte[] _chunk = [];
        private int _chunkLength;
        private int _position;
        private int _nextChunk;

        public override int Read(Span<byte> buffer)
        {
            if (_position == _chunkLength && !LoadNextChunk())
            {
                return 0;
            }

            var take = Math.Min(buffer.Length, _chunkLength - _position);
            _chunk.AsSpan(_position, take).CopyTo(buffer);
            _position += take;
            return take;
        }

        private bool LoadNextChunk()
        {
            if (_nextChunk >= offsets.Length)
            {
                return false;
            }

            var end = _nextChunk + 1 < offsets.Length ? offsets[_nextChunk + 1] : _file.Length;
            var storedLength = (int)(end - offsets[_nextChunk] - 4); // without the CRC32 trailer
            if (_stored.Length < storedLength)
            {
                _stored = new byte[storedLength];
            }

            var stored = _stored.AsSpan(0, storedLength);
            _file.Position = offsets[_nextChunk];
            _file.ReadExactly(stored);
            _chunkLength = BinaryPrimitives.ReadInt32LittleEndian(stored);
            if (_chunk.Length < _chunkLength)
            {
                _chunk = new byte[_chunkLength];
            }

            Lz4Block.Decompress(stored[4..], _chunk.AsSpan(0, _chunkLength));
            _position = 0;
            _nextChunk++;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

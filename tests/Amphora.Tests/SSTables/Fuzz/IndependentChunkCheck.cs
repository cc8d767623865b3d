using System.Buffers.Binary;
using Amphora.Core.Checksums;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// A second, deliberately plain reading of cassandra-on-disk.md section 4, written apart from the verifier's streaming
/// checkers: whether a Data.db is a consistent sequence of chunks under the set's real CompressionInfo.db (or slices under
/// its CRC.db). Without a digest the verifier must agree with it, both ways: checksums can collide (CRC32 of ff ff ff ff is
/// ff ff ff ff), so "damaged" alone does not mean "detectable".
/// </summary>
public static class IndependentChunkCheck
{
    public static bool IsConsistent(FixtureSSTable set, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(data);
        return set.Components.TryGetValue("CompressionInfo.db", out var compressionInfo)
            ? ChunksMatch(set, compressionInfo, data)
            : SlicesMatch(set, set.Components["CRC.db"], data);
    }

    private static bool ChunksMatch(FixtureSSTable set, byte[] compressionInfo, byte[] data)
    {
        var (chunkLength, uncompressedLength, offsets) = ReadCompressionInfo(compressionInfo, set.Version.HasMaxCompressedLength);
        if (offsets.Length == 0)
        {
            return data.Length == 0;
        }

        if (offsets[0] != 0)
        {
            return false;
        }

        for (var chunk = 0; chunk < offsets.Length; chunk++)
        {
            var start = offsets[chunk];
            var end = chunk + 1 < offsets.Length ? offsets[chunk + 1] : data.Length;
            var holdsData = (long)chunk * chunkLength < uncompressedLength;
            if (end > data.Length || end - start < (holdsData ? 5 : 4))
            {
                return false;
            }

            var payload = data.AsSpan((int)start, (int)(end - start - 4));
            if (BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)end - 4)) != Checksum(set.Version.ChunkChecksum, payload))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SlicesMatch(FixtureSSTable set, byte[] crc, byte[] data)
    {
        var sliceSize = BinaryPrimitives.ReadInt32BigEndian(crc);
        var stored = crc.AsSpan(4).ToArray().Chunk(4).Select(b => BinaryPrimitives.ReadUInt32BigEndian(b)).ToArray();
        var slices = data.Chunk(sliceSize).ToArray();
        return slices.Length == stored.Length && slices.Select((slice, i) => Checksum(set.Version.CrcFileChecksum, slice) == stored[i]).All(match => match);
    }

    /// <summary>The fields section 4 lists, in order; the real files' offsets are all that is left after them.</summary>
    private static (int ChunkLength, long UncompressedLength, long[] Offsets) ReadCompressionInfo(byte[] file, bool hasMaxCompressedLength)
    {
        var position = 2 + BinaryPrimitives.ReadUInt16BigEndian(file);
        var options = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
        position += 4;
        for (var i = 0; i < options * 2; i++)
        {
            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(position));
        }

        var chunkLength = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
        position += hasMaxCompressedLength ? 8 : 4;
        var uncompressedLength = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(position));
        var count = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position + 8));
        var offsets = Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(position + 12 + (8 * i)))).ToArray();
        return (chunkLength, uncompressedLength, offsets);
    }

    private static uint Checksum(ChecksumKind kind, ReadOnlySpan<byte> bytes)
    {
        var checksum = kind.Create();
        checksum.Append(bytes);
        return checksum.Value;
    }
}

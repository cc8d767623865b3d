using System.Buffers.Binary;
using System.Text;
using Amphora.Core.Checksums;
using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Minimal valid components written from cassandra-on-disk.md sections 2-5, as fuzz seeds beside the real fixtures: they
/// cover layouts no fixture has (jb and BTI Statistics.db, CompressionInfo.db with options or many chunks, several CRC slices).
/// </summary>
public static class SyntheticComponents
{
    public static byte[] CompressionInfo(
        SSTableVersion version, int chunkLength, long uncompressedLength, long[] offsets, params (string Key, string Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(offsets);
        using var output = new MemoryStream();
        WriteUtf(output, "LZ4Compressor");
        WriteInt32(output, options.Length);
        foreach (var (key, value) in options)
        {
            WriteUtf(output, key);
            WriteUtf(output, value);
        }

        WriteInt32(output, chunkLength);
        if (version.HasMaxCompressedLength)
        {
            WriteInt32(output, chunkLength);
        }

        WriteInt64(output, uncompressedLength);
        WriteInt32(output, offsets.Length);
        foreach (var offset in offsets)
        {
            WriteInt64(output, offset);
        }

        return output.ToArray();
    }

    public static byte[] Crc(int sliceSize, params uint[] checksums)
    {
        var bytes = new byte[4 + (4 * checksums.Length)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, sliceSize);
        for (var i = 0; i < checksums.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), checksums[i]);
        }

        return bytes;
    }

    /// <summary>
    /// Statistics.db with the STATS component (two histograms, the commit log position, the time bounds and deletion times in
    /// the version's layout) and, from ka on, a table of contents listing VALIDATION and HEADER stand-ins too.
    /// </summary>
    public static byte[] Statistics(SSTableVersion version, int histogramBuckets)
    {
        ArgumentNullException.ThrowIfNull(version);
        var stats = StatsBody(version, histogramBuckets);
        if (!version.StatisticsHasHeader)
        {
            return stats;
        }

        // Listed out of offset order on purpose: readers sort the table of contents by offset.
        byte[][] bodies = [[0x00, 0x01, 0x02], stats, [0x03]];
        int[] types = [0, 2, 3];
        var checksums = version.StatisticsHasChecksums;
        var headerLength = 4 + (checksums ? 4 : 0) + (bodies.Length * 8) + (checksums ? 4 : 0);
        using var output = new MemoryStream();
        WriteInt32(output, bodies.Length);
        if (checksums)
        {
            WriteUInt32(output, Crc32.Compute(output.ToArray()));
        }

        var offsets = new int[bodies.Length];
        var next = headerLength;
        for (var i = 0; i < bodies.Length; i++)
        {
            offsets[i] = next;
            next += bodies[i].Length + (checksums ? 4 : 0);
        }

        using var entries = new MemoryStream();
        foreach (var i in new[] { 2, 0, 1 })
        {
            WriteInt32(entries, types[i]);
            WriteInt32(entries, offsets[i]);
        }

        output.Write(entries.ToArray());
        if (checksums)
        {
            var crc = new Crc32();
            crc.Append(output.ToArray().AsSpan(0, 4));
            crc.Append(entries.ToArray());
            WriteUInt32(output, crc.Value);
        }

        foreach (var body in bodies)
        {
            output.Write(body);
            if (checksums)
            {
                WriteUInt32(output, Crc32.Compute(body));
            }
        }

        return output.ToArray();
    }

    private static byte[] StatsBody(SSTableVersion version, int histogramBuckets)
    {
        using var output = new MemoryStream();
        for (var histogram = 0; histogram < 2; histogram++)
        {
            WriteInt32(output, histogramBuckets);
            for (var bucket = 0; bucket < histogramBuckets; bucket++)
            {
                WriteInt64(output, bucket + 1);
                WriteInt64(output, bucket);
            }
        }

        WriteInt64(output, 1_700_000_000_000); // commit log segment id
        WriteInt32(output, 4096);               // position in it
        WriteInt64(output, 1_700_000_000_000_000); // min timestamp, microseconds
        WriteInt64(output, 1_700_000_001_000_000); // max timestamp
        if (version.LocalDeletionTimes != LocalDeletionTimeLayout.MaxOnly)
        {
            WriteInt32(output, 1_700_000_000);
        }

        WriteInt32(output, int.MaxValue); // max local deletion time: none
        WriteInt32(output, 0);            // min TTL: the parser stops before it, a real file goes on
        return output.ToArray();
    }

    private static void WriteUtf(Stream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        output.Write(length);
        output.Write(bytes);
    }

    private static void WriteInt32(Stream output, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        output.Write(bytes);
    }

    private static void WriteUInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        output.Write(bytes);
    }

    private static void WriteInt64(Stream output, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        output.Write(bytes);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Amphora.Core.Checksums;
using Amphora.Core.Compression;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// Writes one SSTable generation with the complete component set of its format: real file names, TOC.txt,
/// CompressionInfo.db or CRC.db, Digest.crc32 of the whole Data.db and a Statistics.db in Cassandra's layout.
/// </summary>
public static class SSTableWriter
{
    private const int CrcChunkSize = 65536;

    /// <param name="midway">Called once Data.db is on disk and the other components are not (a compaction test hook).</param>
    public static SSTableStats Write(
        SSTableDescriptor descriptor,
        SSTableFormat format,
        TableStorageOptions options,
        IReadOnlyList<Row> sortedRows,
        SSTableStats context,
        Action? midway = null)
    {
        Directory.CreateDirectory(descriptor.Directory);
        var partitionPositions = new List<long>(sortedRows.Count);
        var data = options.IsCompressed
            ? WriteCompressedData(descriptor, options, sortedRows, partitionPositions)
            : WriteUncompressedData(descriptor, sortedRows, partitionPositions);
        midway?.Invoke();

        if (format.IsBti)
        {
            WritePartitionIndex(descriptor.PathOf(Components.Partitions), sortedRows, partitionPositions);
            File.WriteAllBytes(descriptor.PathOf(Components.Rows), []);
        }
        else
        {
            var indexPositions = WritePrimaryIndex(descriptor.PathOf(Components.Index), sortedRows, partitionPositions);
            WriteSummary(descriptor.PathOf(Components.Summary), sortedRows, indexPositions);
        }

        BloomFilter.Write(descriptor.PathOf(Components.Filter), sortedRows.Select(r => r.Key).ToList());

        var stats = SSTableStats.Of(sortedRows) with
        {
            UncompressedLength = data.UncompressedLength,
            CompressedLength = options.IsCompressed ? data.PayloadLength : 0,
            CommitLogLowerBound = context.CommitLogLowerBound,
            CommitLogUpperBound = context.CommitLogUpperBound,
            CommitLogIntervals = context.CommitLogIntervals,
            OriginatingHostId = context.OriginatingHostId,
            RepairedAt = context.RepairedAt,
            Level = context.Level,
            PartitionSizes = PartitionSizes(partitionPositions, data.UncompressedLength),
        };
        using (var statistics = File.Create(descriptor.PathOf(Components.Statistics)))
        {
            StatisticsComponent.Write(statistics, format, stats);
        }

        // Cassandra writes the digest as unsigned decimal ASCII with no newline.
        File.WriteAllText(descriptor.PathOf(Components.Digest), data.Crc32.ToString(CultureInfo.InvariantCulture));
        WriteToc(descriptor, format, options);
        return stats;
    }

    /// <param name="PayloadLength">Bytes of Data.db without the 4-byte chunk checksums (what compressionRatio counts).</param>
    private sealed record DataFile(long FileLength, long UncompressedLength, long PayloadLength, uint Crc32);

    private static DataFile WriteCompressedData(SSTableDescriptor descriptor, TableStorageOptions options, IReadOnlyList<Row> rows, List<long> partitionPositions)
    {
        var chunkLength = options.ChunkLength;
        var chunkOffsets = new List<long>();
        var digest = new Crc32();
        var buffer = new MemoryStream(chunkLength * 2);
        var compressed = new byte[4 + Lz4Block.MaxCompressedLength(chunkLength) + 4];
        long uncompressedLength = 0;
        long fileLength = 0;

        using (var dataFile = File.Create(descriptor.DataPath))
        {
            void FlushChunk(ReadOnlySpan<byte> chunk)
            {
                // LZ4Compressor frames a chunk as its uncompressed length (4 bytes, little-endian) and an LZ4 block.
                BinaryPrimitives.WriteInt32LittleEndian(compressed, chunk.Length);
                var length = 4 + Lz4Block.Compress(chunk, compressed.AsSpan(4));
                BinaryPrimitives.WriteUInt32BigEndian(compressed.AsSpan(length), Crc32.Compute(compressed.AsSpan(0, length)));
                var framed = compressed.AsSpan(0, length + 4);
                chunkOffsets.Add(fileLength);
                dataFile.Write(framed);
                digest.Append(framed);
                fileLength += framed.Length;
            }

            foreach (var row in rows)
            {
                partitionPositions.Add(uncompressedLength + buffer.Length);
                RowEncoding.Write(buffer, row);
                while (buffer.Length >= chunkLength)
                {
                    var bytes = buffer.GetBuffer();
                    FlushChunk(bytes.AsSpan(0, chunkLength));
                    var rest = bytes.AsSpan(chunkLength, (int)buffer.Length - chunkLength).ToArray();
                    uncompressedLength += chunkLength;
                    buffer.SetLength(0);
                    buffer.Write(rest);
                }
            }

            if (buffer.Length > 0)
            {
                FlushChunk(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                uncompressedLength += buffer.Length;
            }
        }

        using (var info = File.Create(descriptor.PathOf(Components.CompressionInfo)))
        {
            var writer = new BigEndianWriter(info);
            writer.WriteUtf(options.Compressor!);
            writer.WriteInt32(0); // no compressor parameters
            writer.WriteInt32(chunkLength);
            writer.WriteInt32(int.MaxValue); // maxCompressedLength (na+): min_compress_ratio 0 means never store raw
            writer.WriteInt64(uncompressedLength);
            writer.WriteInt32(chunkOffsets.Count);
            foreach (var offset in chunkOffsets)
            {
                writer.WriteInt64(offset);
            }
        }

        return new DataFile(fileLength, uncompressedLength, fileLength - (4L * chunkOffsets.Count), digest.Value);
    }

    private static DataFile WriteUncompressedData(SSTableDescriptor descriptor, IReadOnlyList<Row> rows, List<long> partitionPositions)
    {
        var digest = new Crc32();
        var sliceChecksums = new List<uint>();
        var slice = new Crc32();
        var sliceFill = 0;
        long length = 0;
        using (var dataFile = File.Create(descriptor.DataPath))
        {
            var buffer = new MemoryStream();
            foreach (var row in rows)
            {
                partitionPositions.Add(length);
                buffer.SetLength(0);
                RowEncoding.Write(buffer, row);
                var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                dataFile.Write(bytes);
                digest.Append(bytes);
                length += bytes.Length;
                while (!bytes.IsEmpty)
                {
                    var take = Math.Min(bytes.Length, CrcChunkSize - sliceFill);
                    slice.Append(bytes[..take]);
                    sliceFill += take;
                    bytes = bytes[take..];
                    if (sliceFill == CrcChunkSize)
                    {
                        sliceChecksums.Add(slice.Value);
                        slice.Reset();
                        sliceFill = 0;
                    }
                }
            }
        }

        if (sliceFill > 0)
        {
            sliceChecksums.Add(slice.Value);
        }

        using (var crc = File.Create(descriptor.PathOf(Components.Crc)))
        {
            var writer = new BigEndianWriter(crc);
            writer.WriteInt32(CrcChunkSize);
            foreach (var value in sliceChecksums)
            {
                writer.WriteUInt32(value);
            }
        }

        return new DataFile(length, length, length, digest.Value);
    }

    /// <summary>Index.db entries: key (u16 length), position in Data.db (unsigned vint), promoted index size 0.</summary>
    private static List<long> WritePrimaryIndex(string path, IReadOnlyList<Row> rows, List<long> partitionPositions)
    {
        var indexPositions = new List<long>(rows.Count);
        using var index = new BufferedStream(File.Create(path));
        var writer = new BigEndianWriter(index);
        for (var i = 0; i < rows.Count; i++)
        {
            indexPositions.Add(index.Position);
            writer.WriteShortBytes(rows[i].Key);
            VInt.WriteUnsigned(index, (ulong)partitionPositions[i]);
            VInt.WriteUnsigned(index, 0);
        }

        return indexPositions;
    }

    /// <summary>Summary.db: a sample of every 128th index entry plus the first and last keys.</summary>
    private static void WriteSummary(string path, IReadOnlyList<Row> rows, List<long> indexPositions)
    {
        const int minIndexInterval = 128;
        const int samplingLevel = 128;
        var sampled = Enumerable.Range(0, rows.Count).Where(i => i % minIndexInterval == 0).ToList();
        var entries = new MemoryStream();
        var offsets = new List<int>();
        var offsetsSize = sampled.Count * 4;
        Span<byte> position = stackalloc byte[8];
        foreach (var i in sampled)
        {
            offsets.Add(offsetsSize + (int)entries.Length);
            entries.Write(rows[i].Key);
            BinaryPrimitives.WriteInt64LittleEndian(position, indexPositions[i]);
            entries.Write(position);
        }

        using var summary = File.Create(path);
        var writer = new BigEndianWriter(summary);
        writer.WriteInt32(minIndexInterval);
        writer.WriteInt32(sampled.Count);
        writer.WriteInt64(offsetsSize + entries.Length);
        writer.WriteInt32(samplingLevel);
        writer.WriteInt32(sampled.Count);
        Span<byte> offset = stackalloc byte[4];
        foreach (var value in offsets)
        {
            // IndexSummary keeps its offsets in native (little-endian) order.
            BinaryPrimitives.WriteInt32LittleEndian(offset, value);
            summary.Write(offset);
        }

        summary.Write(entries.GetBuffer().AsSpan(0, (int)entries.Length));
        writer.WriteIntBytes(rows.Count == 0 ? [] : rows[0].Key);
        writer.WriteIntBytes(rows.Count == 0 ? [] : rows[^1].Key);
    }

    /// <summary>BTI Partitions.db, in the sandbox's own encoding: keys with their Data.db positions, then a footer.</summary>
    private static void WritePartitionIndex(string path, IReadOnlyList<Row> rows, List<long> partitionPositions)
    {
        using var partitions = new BufferedStream(File.Create(path));
        var writer = new BigEndianWriter(partitions);
        for (var i = 0; i < rows.Count; i++)
        {
            writer.WriteShortBytes(rows[i].Key);
            VInt.WriteUnsigned(partitions, (ulong)partitionPositions[i]);
        }

        var footer = partitions.Position;
        writer.WriteInt64(rows.Count);
        writer.WriteShortBytes(rows.Count == 0 ? [] : rows[0].Key);
        writer.WriteShortBytes(rows.Count == 0 ? [] : rows[^1].Key);
        writer.WriteInt64(footer);
    }

    private static long[] PartitionSizes(List<long> positions, long end)
    {
        var sizes = new long[positions.Count];
        for (var i = 0; i < positions.Count; i++)
        {
            sizes[i] = (i + 1 < positions.Count ? positions[i + 1] : end) - positions[i];
        }

        return sizes;
    }

    private static void WriteToc(SSTableDescriptor descriptor, SSTableFormat format, TableStorageOptions options)
    {
        var checksum = options.IsCompressed ? Components.CompressionInfo : Components.Crc;
        IEnumerable<string> components = format.IsBti
            ? [Components.Data, Components.Partitions, Components.Rows, Components.Filter, Components.Statistics, checksum, Components.Digest, Components.Toc]
            : [Components.Toc, checksum, Components.Index, Components.Statistics, Components.Filter, Components.Digest, Components.Data, Components.Summary];

        // 4.x writes its HashSet order (as in the nb fixture); 5.0 sorts the names.
        if (format.IsCassandra50)
        {
            components = components.Order(StringComparer.Ordinal);
        }

        var text = new StringBuilder();
        foreach (var component in components)
        {
            text.Append(component).Append('\n');
        }

        File.WriteAllText(descriptor.PathOf(Components.Toc), text.ToString());
    }
}

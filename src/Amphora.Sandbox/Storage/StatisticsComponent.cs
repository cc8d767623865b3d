using System.Text;
using Amphora.Core.Checksums;
using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// Statistics.db in Cassandra's own layout (MetadataSerializer, na+): a checksummed table of contents, then the
/// VALIDATION, COMPACTION, STATS and HEADER components, each followed by its CRC32.
/// </summary>
public static class StatisticsComponent
{
    private const string Partitioner = "org.apache.cassandra.dht.Murmur3Partitioner";
    private const double BloomFilterFpChance = 0.01;

    // SerializationHeader encodes its minimums relative to 2015-09-22T00:00:00Z.
    private const long TimestampEpochMicros = 1442880000000000L;
    private const long DeletionTimeEpochSeconds = 1442880000L;

    // MetadataCollector's histogram sizes: partition sizes EstimatedHistogram(150) in 4.1, (155) in 5.0; cells (118).
    private static readonly long[] PartitionSizeOffsets41 = HistogramOffsets(150);
    private static readonly long[] PartitionSizeOffsets50 = HistogramOffsets(155);
    private static readonly long[] CellCountOffsets = HistogramOffsets(118);

    public static void Write(Stream output, SSTableFormat format, SSTableStats stats)
    {
        byte[][] components =
        [
            Serialize(w => WriteValidation(w)),
            Serialize(w => WriteCompaction(w, stats)),
            Serialize(w => WriteStats(w, format, stats)),
            Serialize(w => WriteHeader(w, stats)),
        ];

        var writer = new BigEndianWriter(output);
        var count = Serialize(w => w.WriteInt32(components.Length));
        output.Write(count);
        var headerCrc = new Crc32();
        headerCrc.Append(count);
        writer.WriteUInt32(headerCrc.Value);

        var tocLength = 4 + 4 + (components.Length * 8) + 4;
        var entries = Serialize(w =>
        {
            var offset = tocLength;
            for (var type = 0; type < components.Length; type++)
            {
                w.WriteInt32(type);
                w.WriteInt32(offset);
                offset += components[type].Length + 4;
            }
        });
        output.Write(entries);

        // The second checksum is not reset: it covers the count and the entries.
        headerCrc.Append(entries);
        writer.WriteUInt32(headerCrc.Value);

        foreach (var component in components)
        {
            output.Write(component);
            writer.WriteUInt32(Crc32.Compute(component));
        }
    }

    private static void WriteValidation(BigEndianWriter w)
    {
        w.WriteUtf(Partitioner);
        w.WriteDouble(BloomFilterFpChance);
    }

    /// <summary>
    /// COMPACTION holds a HyperLogLog++ cardinality estimate; the sandbox writes the same sparse framing
    /// (format marker, p=13, sp=25) over its keys' hashes.
    /// </summary>
    private static void WriteCompaction(BigEndianWriter w, SSTableStats stats)
    {
        var sketch = new MemoryStream();
        var marker = new BigEndianWriter(sketch);
        marker.WriteInt32(-2);
        VInt.WriteUnsigned(sketch, 13);
        VInt.WriteUnsigned(sketch, 25);
        VInt.WriteUnsigned(sketch, 1);
        VInt.WriteUnsigned(sketch, (ulong)stats.PartitionCount);
        w.WriteIntBytes(sketch.ToArray());
    }

    private static void WriteStats(BigEndianWriter w, SSTableFormat format, SSTableStats stats)
    {
        WriteHistogram(w, format.IsCassandra50 ? PartitionSizeOffsets50 : PartitionSizeOffsets41, stats.PartitionSizes);
        WriteHistogram(w, CellCountOffsets, Enumerable.Repeat(1L, (int)stats.PartitionCount).ToArray());
        WritePosition(w, stats.CommitLogUpperBound);
        w.WriteInt64(stats.MinTimestamp);
        w.WriteInt64(stats.MaxTimestamp);

        // 5.0 (oa+) stores deletion times as unsigned ints with 0xFFFFFFFF meaning "none"; 4.x as signed with MAX_VALUE.
        w.WriteInt32(ToStoredDeletionTime(format, stats.MinLocalDeletionTime));
        w.WriteInt32(ToStoredDeletionTime(format, stats.MaxLocalDeletionTime));
        w.WriteInt32(0); // minTTL
        w.WriteInt32(0); // maxTTL
        w.WriteDouble(stats.CompressionRatio);
        WriteTombstoneHistogram(w, format, stats);
        w.WriteInt32(stats.Level);
        w.WriteInt64(stats.RepairedAt);

        if (format.IsCassandra50)
        {
            // Improved min/max: no clustering types, and the covered slice is ALL (inclusive start, inclusive end, no values).
            VInt.WriteUnsigned(w.Output, 0);
            w.WriteByte(1);
            w.WriteInt16(0);
            w.WriteByte(6);
            w.WriteInt16(0);
        }
        else
        {
            w.WriteInt32(0); // min clustering values
            w.WriteInt32(0); // max clustering values
        }

        w.WriteBoolean(false); // hasLegacyCounterShards
        w.WriteInt64(stats.PartitionCount); // totalColumnsSet: one regular cell per row
        w.WriteInt64(stats.PartitionCount); // totalRows
        WritePosition(w, stats.CommitLogLowerBound);
        w.WriteInt32(stats.Intervals.Count);
        foreach (var interval in stats.Intervals)
        {
            WritePosition(w, interval.Lower);
            WritePosition(w, interval.Upper);
        }

        w.WriteByte(0); // no pending repair
        w.WriteBoolean(false); // isTransient
        if (stats.OriginatingHostId is { } hostId)
        {
            w.WriteByte(1);
            w.WriteUuid(hostId);
        }
        else
        {
            w.WriteByte(0);
        }

        if (format.IsCassandra50)
        {
            w.WriteBoolean(stats.TombstoneCount > 0); // hasPartitionLevelDeletions
            VInt.WriteUnsigned(w.Output, (ulong)stats.FirstKey.Length);
            w.Output.Write(stats.FirstKey);
            VInt.WriteUnsigned(w.Output, (ulong)stats.LastKey.Length);
            w.Output.Write(stats.LastKey);
            w.WriteDouble(double.NaN); // tokenSpaceCoverage, NaN when not computed (as in real 5.0 SSTables)
        }
    }

    private static void WriteHeader(BigEndianWriter w, SSTableStats stats)
    {
        var minTimestamp = stats.PartitionCount == 0 ? 0 : stats.MinTimestamp;
        VInt.WriteUnsigned(w.Output, unchecked((ulong)(minTimestamp - TimestampEpochMicros)));
        var minDeletion = stats.MinLocalDeletionTime == Row.NoDeletion ? long.MaxValue - DeletionTimeEpochSeconds : stats.MinLocalDeletionTime;
        VInt.WriteUnsigned(w.Output, unchecked((ulong)(minDeletion - DeletionTimeEpochSeconds)));
        VInt.WriteUnsigned(w.Output, 0); // min TTL
        WriteVIntString(w, "org.apache.cassandra.db.marshal.LongType");
        VInt.WriteUnsigned(w.Output, 0); // clustering types
        VInt.WriteUnsigned(w.Output, 0); // static columns
        VInt.WriteUnsigned(w.Output, 1); // regular columns
        WriteVIntString(w, "value");
        WriteVIntString(w, "org.apache.cassandra.db.marshal.UTF8Type");
    }

    private static void WriteVIntString(BigEndianWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        VInt.WriteUnsigned(w.Output, (ulong)bytes.Length);
        w.Output.Write(bytes);
    }

    private static int ToStoredDeletionTime(SSTableFormat format, int localDeletionTime) =>
        localDeletionTime == Row.NoDeletion && format.IsCassandra50 ? -1 : localDeletionTime;

    private static void WritePosition(BigEndianWriter w, CommitLogPosition position)
    {
        w.WriteInt64(position.SegmentId);
        w.WriteInt32(position.Position);
    }

    /// <summary>EstimatedHistogram: i32 bucket count, then (offset, count) pairs; the first offset is repeated.</summary>
    private static void WriteHistogram(BigEndianWriter w, long[] offsets, long[] values)
    {
        var buckets = new long[offsets.Length + 1];
        foreach (var value in values)
        {
            var index = Array.BinarySearch(offsets, value);
            buckets[index < 0 ? ~index : index]++;
        }

        w.WriteInt32(buckets.Length);
        for (var i = 0; i < buckets.Length; i++)
        {
            w.WriteInt64(offsets[i == 0 ? 0 : i - 1]);
            w.WriteInt64(buckets[i]);
        }
    }

    /// <summary>
    /// Tombstone drop times: bin count twice (max bin size, size), then (point, count) bins:
    /// (double, long) in 4.1, (long, int) in 5.0. The sandbox keeps a single bin at the oldest tombstone.
    /// </summary>
    private static void WriteTombstoneHistogram(BigEndianWriter w, SSTableFormat format, SSTableStats stats)
    {
        var bins = stats.TombstoneCount == 0 ? 0 : 1;
        w.WriteInt32(bins);
        w.WriteInt32(bins);
        if (bins == 0)
        {
            return;
        }

        if (format.IsCassandra50)
        {
            w.WriteInt64(stats.MinLocalDeletionTime);
            w.WriteInt32((int)stats.TombstoneCount);
        }
        else
        {
            w.WriteDouble(stats.MinLocalDeletionTime);
            w.WriteInt64(stats.TombstoneCount);
        }
    }

    private static long[] HistogramOffsets(int size)
    {
        var offsets = new long[size];
        long last = 1;
        offsets[0] = last;
        for (var i = 1; i < size; i++)
        {
            var next = (long)Math.Round(last * 1.2, MidpointRounding.AwayFromZero);
            if (next == last)
            {
                next++;
            }

            offsets[i] = next;
            last = next;
        }

        return offsets;
    }

    private static byte[] Serialize(Action<BigEndianWriter> write)
    {
        var buffer = new MemoryStream();
        write(new BigEndianWriter(buffer));
        return buffer.ToArray();
    }
}

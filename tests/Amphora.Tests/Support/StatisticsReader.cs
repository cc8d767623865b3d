using System.Buffers.Binary;

namespace Amphora.Tests.Support;

/// <summary>
/// A test-only reader for the time bounds in Statistics.db (na+ layout), written from the reference
/// (cassandra-on-disk.md section 5), independent of the sandbox's writer and checked against real SSTables.
/// </summary>
public static class StatisticsReader
{
    public sealed record TimeBounds(long MinTimestamp, long MaxTimestamp, uint MinLocalDeletionTime, uint MaxLocalDeletionTime);

    public static TimeBounds Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var statsOffset = -1;
        for (var i = 0; i < count; i++)
        {
            // count, crc, then (type, offset) entries.
            var entry = 8 + (i * 8);
            if (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(entry)) == 2)
            {
                statsOffset = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(entry + 4));
            }
        }

        Assert.True(statsOffset > 0, $"{path} has no STATS component");
        var position = statsOffset;
        for (var histogram = 0; histogram < 2; histogram++)
        {
            var buckets = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
            position += 4 + (buckets * 16);
        }

        position += 12; // commit log upper bound
        return new TimeBounds(
            BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(position)),
            BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(position + 8)),
            BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 16)),
            BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 20)));
    }
}

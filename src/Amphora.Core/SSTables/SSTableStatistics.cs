using System.Buffers.Binary;
using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables;

/// <summary>
/// What Amphora needs from Statistics.db (Cassandra's MetadataSerializer and StatsMetadata): the commit log position the
/// SSTable's data is covered up to, and the time bounds of its cells. na+ and BTI checksums are verified on the way.
/// </summary>
public sealed record SSTableStatistics(
    long MinTimestamp,
    long MaxTimestamp,
    long? MinLocalDeletionTime,
    long? MaxLocalDeletionTime,
    long CommitLogSegmentId,
    int CommitLogPosition)
{
    /// <summary>Cassandra reads the whole file into memory too; real ones are kilobytes.</summary>
    public const int MaxLength = 64 * 1024 * 1024;

    private const int StatsType = 2;
    private const int MaxComponents = 64;
    private const int HistogramEntryBytes = 16;

    public static SSTableStatistics Parse(ReadOnlySpan<byte> file, SSTableVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (file.Length > MaxLength)
        {
            throw new SSTableFormatException($"Statistics.db is {file.Length} bytes, over the {MaxLength}-byte limit for this component.");
        }

        var stats = version.StatisticsHasHeader ? StatsComponent(file, version) : file;
        return ParseStats(stats, version);
    }

    /// <summary>Finds the STATS component through the table of contents, checking the checksums na+ writes.</summary>
    private static ReadOnlySpan<byte> StatsComponent(ReadOnlySpan<byte> file, SSTableVersion version)
    {
        var checksums = version.StatisticsHasChecksums;
        var count = ReadInt32(file, 0, "the component count");
        if (count is <= 0 or > MaxComponents)
        {
            throw new SSTableFormatException($"Statistics.db claims {count} components (expected 1 to {MaxComponents}).");
        }

        var entriesStart = checksums ? 8 : 4;
        if (checksums && ReadUInt32(file, 4, "the count's checksum") != Crc32.Compute(file[..4]))
        {
            throw new SSTableFormatException("Statistics.db's component count fails its CRC32.");
        }

        var entriesEnd = entriesStart + (count * 8);
        var headerEnd = checksums ? entriesEnd + 4 : entriesEnd;
        if (checksums)
        {
            var crc = new Crc32();
            crc.Append(file[..4]);
            crc.Append(file[entriesStart..Math.Min(entriesEnd, file.Length)]);
            if (ReadUInt32(file, entriesEnd, "the table of contents' checksum") != crc.Value)
            {
                throw new SSTableFormatException("Statistics.db's table of contents fails its CRC32.");
            }
        }

        var components = new List<(int Type, int Offset)>(count);
        for (var i = 0; i < count; i++)
        {
            var type = ReadInt32(file, entriesStart + (i * 8), "a component type");
            var offset = ReadInt32(file, entriesStart + (i * 8) + 4, "a component offset");
            if (offset < headerEnd || offset > file.Length)
            {
                throw new SSTableFormatException($"Statistics.db places component {type} at byte {offset}, outside {headerEnd}..{file.Length}.");
            }

            if (components.Any(c => c.Type == type))
            {
                throw new SSTableFormatException($"Statistics.db lists component {type} twice.");
            }

            components.Add((type, offset));
        }

        components.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        ReadOnlySpan<byte> stats = default;
        var found = false;
        for (var i = 0; i < components.Count; i++)
        {
            var (type, start) = components[i];
            var end = i + 1 < components.Count ? components[i + 1].Offset : file.Length;
            var body = file[start..end];
            if (checksums)
            {
                if (body.Length < 4)
                {
                    throw new SSTableFormatException($"Statistics.db component {type} has no room for its CRC32.");
                }

                var stored = BinaryPrimitives.ReadUInt32BigEndian(body[^4..]);
                body = body[..^4];
                if (stored != Crc32.Compute(body))
                {
                    throw new SSTableFormatException($"Statistics.db component {type} (at byte {start}) fails its CRC32.");
                }
            }

            if (type == StatsType)
            {
                stats = body;
                found = true;
            }
        }

        return found ? stats : throw new SSTableFormatException("Statistics.db has no STATS component (type 2).");
    }

    private static SSTableStatistics ParseStats(ReadOnlySpan<byte> stats, SSTableVersion version)
    {
        var position = 0;
        for (var histogram = 0; histogram < 2; histogram++)
        {
            var buckets = ReadInt32(stats, position, "a histogram's size");
            if (buckets < 0 || (long)buckets * HistogramEntryBytes > stats.Length - position - 4)
            {
                throw new SSTableFormatException($"Statistics.db's STATS histogram at byte {position} claims {buckets} buckets, more than the component holds.");
            }

            position += 4 + (buckets * HistogramEntryBytes);
        }

        var segmentId = ReadInt64(stats, position, "the commit log segment id");
        var commitLogPosition = ReadInt32(stats, position + 8, "the commit log position");
        var minTimestamp = ReadInt64(stats, position + 12, "the minimum timestamp");
        var maxTimestamp = ReadInt64(stats, position + 20, "the maximum timestamp");
        position += 28;
        return version.LocalDeletionTimes switch
        {
            LocalDeletionTimeLayout.MaxOnly => new(minTimestamp, maxTimestamp, null, Signed(ReadInt32(stats, position, "the maximum local deletion time")),
                segmentId, commitLogPosition),
            LocalDeletionTimeLayout.MinMaxSigned => new(minTimestamp, maxTimestamp,
                Signed(ReadInt32(stats, position, "the minimum local deletion time")), Signed(ReadInt32(stats, position + 4, "the maximum local deletion time")),
                segmentId, commitLogPosition),
            _ => new(minTimestamp, maxTimestamp,
                Unsigned(ReadUInt32(stats, position, "the minimum local deletion time")), Unsigned(ReadUInt32(stats, position + 4, "the maximum local deletion time")),
                segmentId, commitLogPosition),
        };
    }

    // Integer.MAX_VALUE (signed layouts) and 0xFFFFFFFF (oa+) mean "no deletion time".
    private static long? Signed(int value) => value == int.MaxValue ? null : value;

    private static long? Unsigned(uint value) => value == uint.MaxValue ? null : value;

    private static int ReadInt32(ReadOnlySpan<byte> bytes, int offset, string field) =>
        BinaryPrimitives.ReadInt32BigEndian(Slice(bytes, offset, 4, field));

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset, string field) =>
        BinaryPrimitives.ReadUInt32BigEndian(Slice(bytes, offset, 4, field));

    private static long ReadInt64(ReadOnlySpan<byte> bytes, int offset, string field) =>
        BinaryPrimitives.ReadInt64BigEndian(Slice(bytes, offset, 8, field));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> bytes, int offset, int size, string field) =>
        offset >= 0 && offset <= bytes.Length - size
            ? bytes.Slice(offset, size)
            : throw new SSTableFormatException($"Statistics.db ends before {field} (byte {offset}).");
}

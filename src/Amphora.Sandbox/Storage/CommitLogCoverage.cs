using System.Buffers.Binary;
using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// What commit log replay needs from an SSTable, read back from its Statistics.db (the STATS component as
/// <see cref="StatisticsComponent"/> writes it): the commit log intervals it holds and the host that wrote them.
/// </summary>
public sealed record CommitLogCoverage(IReadOnlyList<CommitLogInterval> Intervals, Guid? OriginatingHostId)
{
    private const int StatsType = 2;

    public static CommitLogCoverage Read(SSTableDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var path = descriptor.PathOf(Components.Statistics);
        var cassandra50 = SSTableFormat.All.FirstOrDefault(f => f.Version == descriptor.Version)?.IsCassandra50
            ?? throw new SandboxException($"{path}: SSTable version '{descriptor.Version}' is not one the sandbox writes.");
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(new StatsCursor(bytes, StatsOffset(bytes)), cassandra50);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new SandboxException($"{path} ends before its commit log intervals; the SSTable is damaged.");
        }
    }

    /// <summary>The STATS component's offset from the table of contents: count, CRC, then (type, offset) pairs.</summary>
    private static int StatsOffset(byte[] bytes)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes);
        for (var i = 0; i < count; i++)
        {
            var entry = 8 + (i * 8);
            if (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(entry)) == StatsType)
            {
                return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(entry + 4));
            }
        }

        throw new ArgumentOutOfRangeException(nameof(bytes), "no STATS component");
    }

    private static CommitLogCoverage Parse(StatsCursor stats, bool cassandra50)
    {
        stats.Skip(stats.Int32() * 16); // partition size histogram
        stats.Skip(stats.Int32() * 16); // cell count histogram
        stats.Skip(12 + 8 + 8 + 4 + 4 + 4 + 4 + 8); // upper bound, timestamps, deletion times, TTLs, compression ratio
        stats.Int32(); // tombstone histogram: max bin count
        stats.Skip(stats.Int32() * (cassandra50 ? 12 : 16));
        stats.Skip(4 + 8); // level, repairedAt
        if (cassandra50)
        {
            // Improved min/max: the sandbox writes no clustering types, so both bounds are a kind byte and a zero size.
            if (stats.Byte() != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(stats), "clustering types");
            }

            stats.Skip(2 * (1 + 2));
        }
        else
        {
            for (var bound = 0; bound < 2; bound++)
            {
                var values = stats.Int32();
                for (var i = 0; i < values; i++)
                {
                    stats.Skip(stats.UInt16());
                }
            }
        }

        stats.Skip(1 + 8 + 8 + 12); // hasLegacyCounterShards, totalColumnsSet, totalRows, commit log lower bound
        var intervals = new List<CommitLogInterval>();
        for (var count = stats.Int32(); intervals.Count < count;)
        {
            intervals.Add(new CommitLogInterval(stats.Position(), stats.Position()));
        }

        if (stats.Byte() != 0)
        {
            stats.Skip(16); // pending repair
        }

        stats.Skip(1); // isTransient
        Guid? hostId = stats.Byte() != 0 ? stats.Uuid() : null;
        return new CommitLogCoverage(intervals, hostId);
    }

    /// <summary>Big-endian reads through the STATS component; running off the end throws ArgumentOutOfRangeException.</summary>
    private sealed class StatsCursor(byte[] bytes, int offset)
    {
        private int _offset = offset;

        public void Skip(int count) => Take(count);

        public byte Byte() => Take(1)[0];

        public int UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

        public CommitLogPosition Position() => new(BinaryPrimitives.ReadInt64BigEndian(Take(8)), BinaryPrimitives.ReadInt32BigEndian(Take(4)));

        public Guid Uuid() => new(Take(16), bigEndian: true);

        private ReadOnlySpan<byte> Take(int count)
        {
            var span = bytes.AsSpan(_offset, count);
            _offset += count;
            return span;
        }
    }
}

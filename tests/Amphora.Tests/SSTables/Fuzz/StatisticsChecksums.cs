using System.Buffers.Binary;
using Amphora.Core.Checksums;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Rewrites the CRC32s of a na+/BTI Statistics.db after mutation, as far as its table of contents allows. Without this
/// nearly every mutation of a checksummed file stops at the first checksum, and the offset and STATS checks behind it
/// would only ever see intact inputs.
/// </summary>
public static class StatisticsChecksums
{
    private const int MaxComponents = 64;

    public static byte[] Repair(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var copy = (byte[])bytes.Clone();
        if (copy.Length < 8)
        {
            return copy;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(copy);
        var entriesEnd = 8 + ((long)count * 8);
        if (count is <= 0 or > MaxComponents || entriesEnd + 4 > copy.Length)
        {
            return copy;
        }

        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(4), Crc32.Compute(copy.AsSpan(0, 4)));
        var tocCrc = new Crc32();
        tocCrc.Append(copy.AsSpan(0, 4));
        tocCrc.Append(copy.AsSpan(8, (int)entriesEnd - 8));
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan((int)entriesEnd), tocCrc.Value);

        // Each component runs to the next offset (or the end) and ends in the CRC32 of what precedes it in that range.
        var headerEnd = (int)entriesEnd + 4;
        var offsets = Enumerable.Range(0, count)
            .Select(i => BinaryPrimitives.ReadInt32BigEndian(copy.AsSpan(8 + (i * 8) + 4)))
            .Where(offset => offset >= headerEnd && offset <= copy.Length)
            .Distinct()
            .Order()
            .ToArray();
        for (var i = 0; i < offsets.Length; i++)
        {
            var end = i + 1 < offsets.Length ? offsets[i + 1] : copy.Length;
            if (end - offsets[i] >= 4)
            {
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(end - 4), Crc32.Compute(copy.AsSpan(offsets[i], end - offsets[i] - 4)));
            }
        }

        return copy;
    }
}

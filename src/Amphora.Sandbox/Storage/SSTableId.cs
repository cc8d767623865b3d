using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// An SSTable generation identifier: a sequence number, or (4.1+ with uuid_sstable_identifiers_enabled) a time-based
/// UUID written as 28 base-36 characters: days since 1582-10-15 | seconds in day | 100 ns remainder | the UUID's LSB.
/// </summary>
public sealed record SSTableId(string Text, long SortKey) : IComparable<SSTableId>
{
    private static readonly DateTime UuidEpoch = new(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc);
    private static long _lastUuidTicks;

    public static SSTableId Sequence(long generation) => new(generation.ToString(CultureInfo.InvariantCulture), generation);

    /// <summary>A new time-based id; ids made by one process never repeat and sort in creation order.</summary>
    public static SSTableId NewUuid()
    {
        long ticks;
        long previous;
        do
        {
            previous = Interlocked.Read(ref _lastUuidTicks);
            ticks = Math.Max(DateTime.UtcNow.Ticks - UuidEpoch.Ticks, previous + 1);
        }
        while (Interlocked.CompareExchange(ref _lastUuidTicks, ticks, previous) != previous);

        // RFC 4122 variant bits (10xx) in the top of the LSB, the rest random like a clock sequence and node id.
        var lsb = (BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        return FromTicks(ticks, lsb);
    }

    internal static SSTableId FromTicks(long ticksSinceUuidEpoch, ulong lsb)
    {
        const long ticksPerDay = TimeSpan.TicksPerDay;
        var days = ticksSinceUuidEpoch / ticksPerDay;
        var inDay = ticksSinceUuidEpoch % ticksPerDay;
        var seconds = inDay / TimeSpan.TicksPerSecond;
        var remainder = inDay % TimeSpan.TicksPerSecond;
        var text = $"{Base36(days, 4)}_{Base36(seconds, 4)}_{Base36(remainder, 5)}{Base36(lsb, 13)}";
        return new SSTableId(text, ticksSinceUuidEpoch);
    }

    public static bool TryParse(string text, out SSTableId? id)
    {
        id = null;
        if (text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit))
        {
            id = Sequence(long.Parse(text, CultureInfo.InvariantCulture));
            return true;
        }

        if (text.Length == 28 && text[4] == '_' && text[9] == '_')
        {
            var days = FromBase36(text[..4]);
            var seconds = FromBase36(text[5..9]);
            var remainder = FromBase36(text[10..15]);
            if (days < 0 || seconds < 0 || remainder < 0)
            {
                return false;
            }

            id = new SSTableId(text.ToLowerInvariant(), (days * TimeSpan.TicksPerDay) + (seconds * TimeSpan.TicksPerSecond) + remainder);
            return true;
        }

        return false;
    }

    public DateTime? UuidTimestampUtc => Text.Contains('_') ? UuidEpoch.AddTicks(SortKey) : null;

    public int CompareTo(SSTableId? other) => other is null ? 1 : SortKey.CompareTo(other.SortKey);

    public override string ToString() => Text;

    private static string Base36(BigInteger value, int width)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }

    private static long FromBase36(string text)
    {
        long value = 0;
        foreach (var c in text.ToLowerInvariant())
        {
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
            if (digit < 0)
            {
                return -1;
            }

            value = (value * 36) + digit;
        }

        return value;
    }
}

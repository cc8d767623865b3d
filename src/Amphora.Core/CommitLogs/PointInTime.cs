using System.Globalization;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// A moment in microseconds since the Unix epoch, the unit of Cassandra's write timestamps, with the two spellings
/// Amphora meets: ISO 8601 from operators and <c>restore_point_in_time</c>'s GMT <c>yyyy:MM:dd HH:mm:ss[.SSS|.SSSSSS]</c>
/// (CASSANDRA-19448 added the fractions).
/// </summary>
public readonly record struct PointInTime(long Microseconds) : IComparable<PointInTime>
{
    private const string PropertiesFormat = "yyyy:MM:dd HH:mm:ss";

    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.UnixEpoch.AddTicks(Microseconds * 10);

    public static PointInTime FromDateTimeOffset(DateTimeOffset time) =>
        new((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

    /// <summary>ISO 8601 with a zone (<c>2026-11-22T10:15:30.123456Z</c>); more than six fraction digits are refused.</summary>
    public static PointInTime ParseIso(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || !(text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text)))
        {
            throw new FormatException($"'{text}' is not a point in time: use ISO 8601 with a zone, e.g. 2026-11-22T10:15:30.123456Z.");
        }

        if (time.UtcTicks % 10 != 0)
        {
            throw new FormatException($"'{text}' is finer than a microsecond: Cassandra timestamps are microseconds, give at most six fraction digits.");
        }

        return FromDateTimeOffset(time);
    }

    /// <summary>Parses <c>restore_point_in_time</c>: GMT <c>yyyy:MM:dd HH:mm:ss</c> with an optional 3- or 6-digit fraction.</summary>
    public static PointInTime ParseProperty(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var dot = trimmed.LastIndexOf('.');
        var whole = dot < 0 ? trimmed : trimmed[..dot];
        var fraction = dot < 0 ? string.Empty : trimmed[(dot + 1)..];
        if (!DateTime.TryParseExact(whole, PropertiesFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var seconds)
            || (fraction.Length != 0 && fraction.Length != 3 && fraction.Length != 6)
            || !fraction.All(char.IsAsciiDigit))
        {
            throw new FormatException($"restore_point_in_time '{text}' is not GMT 'yyyy:MM:dd HH:mm:ss' with an optional .SSS or .SSSSSS fraction.");
        }

        var micros = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(6, '0'), CultureInfo.InvariantCulture);
        return new PointInTime(FromDateTimeOffset(new DateTimeOffset(seconds, TimeSpan.Zero)).Microseconds + micros);
    }

    /// <summary>The <c>restore_point_in_time</c> spelling, always with six fraction digits.</summary>
    public string ToPropertyText()
    {
        var time = ToDateTimeOffset();
        var micros = ((Microseconds % 1_000_000) + 1_000_000) % 1_000_000;
        return time.ToString(PropertiesFormat, CultureInfo.InvariantCulture) + "." + micros.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>ISO 8601 UTC with six fraction digits.</summary>
    public override string ToString() =>
        ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public int CompareTo(PointInTime other) => Microseconds.CompareTo(other.Microseconds);

    public static bool operator <(PointInTime a, PointInTime b) => a.Microseconds < b.Microseconds;

    public static bool operator >(PointInTime a, PointInTime b) => a.Microseconds > b.Microseconds;

    public static bool operator <=(PointInTime a, PointInTime b) => a.Microseconds <= b.Microseconds;

    public static bool operator >=(PointInTime a, PointInTime b) => a.Microseconds >= b.Microseconds;

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return t > 0 && text.AsSpan(t).IndexOfAny('+', '-') > 0;
    }
}

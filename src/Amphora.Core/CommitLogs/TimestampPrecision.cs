namespace Amphora.Core.CommitLogs;

/// <summary>
/// The unit of the cluster's write timestamps, commitlog_archiving.properties' <c>precision</c> (a Java TimeUnit name;
/// Cassandra refuses NANOSECONDS). Replay compares <c>precision.toMicros(maxTimestamp)</c> with the restore point.
/// </summary>
public enum TimestampPrecision
{
    Seconds,
    Milliseconds,
    Microseconds,
}

public static class TimestampPrecisions
{
    public static string ToPropertyText(this TimestampPrecision precision) => precision.ToString().ToUpperInvariant();

    public static TimestampPrecision Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "MICROSECONDS" => TimestampPrecision.Microseconds,
        "MILLISECONDS" => TimestampPrecision.Milliseconds,
        "SECONDS" => TimestampPrecision.Seconds,
        _ => throw new FormatException($"precision '{text}' is not one Cassandra accepts: use MICROSECONDS (the default), MILLISECONDS or SECONDS."),
    };

    /// <summary>The timestamp in microseconds, saturating as Java's TimeUnit does.</summary>
    public static long ToMicroseconds(this TimestampPrecision precision, long timestamp) => precision switch
    {
        TimestampPrecision.Seconds => Saturate(timestamp, 1_000_000),
        TimestampPrecision.Milliseconds => Saturate(timestamp, 1_000),
        _ => timestamp,
    };

    private static long Saturate(long value, long factor) =>
        value > long.MaxValue / factor ? long.MaxValue : value < long.MinValue / factor ? long.MinValue : value * factor;
}

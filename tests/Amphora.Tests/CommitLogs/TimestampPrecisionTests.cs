using Amphora.Core.CommitLogs;

namespace Amphora.Tests.CommitLogs;

/// <summary>commitlog_archiving.properties' precision: the Java TimeUnit names Cassandra accepts, converted as TimeUnit.toMicros.</summary>
public sealed class TimestampPrecisionTests
{
    [Theory]
    [InlineData(null, TimestampPrecision.Microseconds)]
    [InlineData("", TimestampPrecision.Microseconds)]
    [InlineData("MICROSECONDS", TimestampPrecision.Microseconds)]
    [InlineData("MILLISECONDS", TimestampPrecision.Milliseconds)]
    [InlineData("SECONDS", TimestampPrecision.Seconds)]
    public void Parse_reads_the_unit_and_defaults_to_microseconds(string? text, TimestampPrecision precision)
    {
        Assert.Equal(precision, TimestampPrecisions.Parse(text));
    }

    [Theory]
    [InlineData("NANOSECONDS")]
    [InlineData("MINUTES")]
    [InlineData("micros")]
    public void Parse_refuses_units_Cassandra_refuses(string text)
    {
        var error = Assert.Throws<FormatException>(() => TimestampPrecisions.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimestampPrecision.Microseconds)]
    [InlineData(TimestampPrecision.Milliseconds)]
    [InlineData(TimestampPrecision.Seconds)]
    public void The_property_text_is_the_Java_name_and_reads_back(TimestampPrecision precision)
    {
        var text = precision.ToPropertyText();

        Assert.Equal(text.ToUpperInvariant(), text);
        Assert.Equal(precision, TimestampPrecisions.Parse(text));
    }

    [Theory]
    [InlineData(TimestampPrecision.Microseconds, 5L, 5L)]
    [InlineData(TimestampPrecision.Milliseconds, 5L, 5_000L)]
    [InlineData(TimestampPrecision.Seconds, 5L, 5_000_000L)]
    [InlineData(TimestampPrecision.Seconds, -5L, -5_000_000L)]
    [InlineData(TimestampPrecision.Microseconds, long.MaxValue, long.MaxValue)]
    [InlineData(TimestampPrecision.Milliseconds, long.MaxValue / 1_000, long.MaxValue / 1_000 * 1_000)]
    [InlineData(TimestampPrecision.Milliseconds, (long.MaxValue / 1_000) + 1, long.MaxValue)]
    [InlineData(TimestampPrecision.Milliseconds, long.MinValue / 1_000, long.MinValue / 1_000 * 1_000)]
    [InlineData(TimestampPrecision.Milliseconds, (long.MinValue / 1_000) - 1, long.MinValue)]
    [InlineData(TimestampPrecision.Seconds, (long.MaxValue / 1_000_000) + 1, long.MaxValue)]
    [InlineData(TimestampPrecision.Seconds, long.MaxValue, long.MaxValue)]
    [InlineData(TimestampPrecision.Seconds, long.MinValue, long.MinValue)]
    public void ToMicroseconds_converts_and_saturates_as_Java_TimeUnit(TimestampPrecision precision, long timestamp, long micros)
    {
        Assert.Equal(micros, precision.ToMicroseconds(timestamp));
    }
}

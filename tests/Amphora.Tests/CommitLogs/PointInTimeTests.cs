using Amphora.Core.CommitLogs;

namespace Amphora.Tests.CommitLogs;

/// <summary>The two spellings of a point in time: ISO 8601 from operators and restore_point_in_time's GMT text.</summary>
public sealed class PointInTimeTests
{
    // 2026-11-22T10:15:30Z in microseconds since the epoch.
    private static readonly long Moment = new DateTimeOffset(2026, 11, 22, 10, 15, 30, TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000;

    [Theory]
    [InlineData("2026-11-22T10:15:30Z", 0)]
    [InlineData("2026-11-22T10:15:30z", 0)]
    [InlineData("2026-11-22T10:15:30.123Z", 123_000)]
    [InlineData("2026-11-22T10:15:30.123456Z", 123_456)]
    [InlineData("2026-11-22T10:15:30.000001Z", 1)]
    [InlineData("2026-11-22T10:15:30.1234560Z", 123_456)]
    [InlineData("2026-11-22T12:15:30.123456+02:00", 123_456)]
    [InlineData("2026-11-22T05:15:30.123456-05:00", 123_456)]
    [InlineData("2026-11-22T10:15:30+00:00", 0)]
    public void ParseIso_reads_a_zoned_time_to_the_microsecond(string text, long micros)
    {
        Assert.Equal(Moment + micros, PointInTime.ParseIso(text).Microseconds);
    }

    [Theory]
    [InlineData("2026-11-22T10:15:30.1234567Z")]
    [InlineData("2026-11-22T10:15:30.0000001Z")]
    [InlineData("2026-11-22T12:15:30.1234561+02:00")]
    public void ParseIso_refuses_a_time_finer_than_a_microsecond(string text)
    {
        var error = Assert.Throws<FormatException>(() => PointInTime.ParseIso(text));
        Assert.Contains("six fraction digits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-22T10:15:30")]
    [InlineData("2026-11-22T10:15:30.123456")]
    [InlineData("2026-11-22 10:15:30")]
    [InlineData("2026-11-22")]
    [InlineData("2026:11:22 10:15:30")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void ParseIso_refuses_a_time_without_a_zone_or_not_ISO(string text)
    {
        var error = Assert.Throws<FormatException>(() => PointInTime.ParseIso(text));
        Assert.Contains("ISO 8601 with a zone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026:11:22 10:15:30", 0)]
    [InlineData("2026:11:22 10:15:30.123", 123_000)]
    [InlineData("2026:11:22 10:15:30.000", 0)]
    [InlineData("2026:11:22 10:15:30.123456", 123_456)]
    [InlineData("2026:11:22 10:15:30.000001", 1)]
    [InlineData("2026:11:22 10:15:30.999999", 999_999)]
    public void ParseProperty_reads_GMT_seconds_with_an_optional_3_or_6_digit_fraction(string text, long micros)
    {
        Assert.Equal(Moment + micros, PointInTime.ParseProperty(text).Microseconds);
    }

    [Theory]
    [InlineData("2026:11:22 10:15:30.1")]
    [InlineData("2026:11:22 10:15:30.12")]
    [InlineData("2026:11:22 10:15:30.1234")]
    [InlineData("2026:11:22 10:15:30.12345")]
    [InlineData("2026:11:22 10:15:30.1234567")]
    [InlineData("2026:11:22 10:15:30.12a")]
    [InlineData("2026:11:22 10:15:30.-12")]
    [InlineData("2026-11-22 10:15:30")]
    [InlineData("2026:11:22T10:15:30")]
    [InlineData("2026-11-22T10:15:30Z")]
    [InlineData("2026:11:22")]
    [InlineData("")]
    public void ParseProperty_refuses_other_spellings(string text)
    {
        var error = Assert.Throws<FormatException>(() => PointInTime.ParseProperty(text));
        Assert.Contains("restore_point_in_time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPropertyText_writes_six_fraction_digits_in_GMT()
    {
        Assert.Equal("2026:11:22 10:15:30.000000", new PointInTime(Moment).ToPropertyText());
        Assert.Equal("2026:11:22 10:15:30.000042", new PointInTime(Moment + 42).ToPropertyText());
        Assert.Equal("2026:11:22 10:15:30.123456", PointInTime.ParseIso("2026-11-22T12:15:30.123456+02:00").ToPropertyText());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(999_999L)]
    [InlineData(1_000_000L)]
    [InlineData(1_795_428_930_123_456L)]
    [InlineData(-5L)]
    [InlineData(-1_000_001L)]
    public void ToPropertyText_and_ToString_read_back_to_the_same_microsecond(long micros)
    {
        var point = new PointInTime(micros);

        Assert.Equal(point, PointInTime.ParseProperty(point.ToPropertyText()));
        Assert.Equal(point, PointInTime.ParseIso(point.ToString()));
    }

    [Fact]
    public void Points_compare_by_their_microseconds()
    {
        var earlier = new PointInTime(Moment);
        var later = new PointInTime(Moment + 1);

        Assert.True(earlier < later);
        Assert.True(later > earlier);
        Assert.True(earlier <= new PointInTime(Moment));
        Assert.False(later <= earlier);
        Assert.True(earlier.CompareTo(later) < 0);
    }
}

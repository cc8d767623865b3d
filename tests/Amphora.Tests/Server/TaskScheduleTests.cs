using Amphora.Api.Server;
using Amphora.Server.Scheduling;

namespace Amphora.Tests.Server;

public sealed class TaskScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TaskSchedule Cron(string cron, string zone = "UTC") =>
        TaskSchedule.Of(new BackupTaskSpec { Locations = "file:/b", Cron = cron, TimeZone = zone, StartAt = Created }, Created);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Cron_fields_with_lists_ranges_steps_and_names_pick_the_next_matching_minute()
    {
        var schedule = Cron("15,45 9-17/4 * JAN-MAR mon-fri");

        // Monday 2 March 2026, 10:00: next is 13:15 (hours 9, 13, 17).
        Assert.Equal(Utc(3, 2, 13, 15), schedule.NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 2, 13, 45), schedule.NextAfter(Utc(3, 2, 13, 15)));

        // Friday 17:45 is the last of the week; Saturday and Sunday are skipped.
        Assert.Equal(Utc(3, 9, 9, 15), schedule.NextAfter(Utc(3, 6, 17, 45)));

        // After March comes January.
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 9, 15, 0, TimeSpan.Zero), schedule.NextAfter(Utc(3, 31, 18, 0)));
    }

    [Fact]
    public void Shorthands_mean_what_cron_means()
    {
        Assert.Equal(Utc(3, 3, 0, 0), Cron("@daily").NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 2, 11, 0), Cron("@hourly").NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 8, 0, 0), Cron("@weekly").NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 8, 0, 0), Cron("0 0 * * 7").NextAfter(Utc(3, 2, 10, 0)));
    }

    [Fact]
    public void Both_day_fields_restricted_match_either_day()
    {
        // The 13th or any Friday: Friday 6 March comes first.
        Assert.Equal(Utc(3, 6, 0, 0), Cron("0 0 13 * FRI").NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 13, 0, 0), Cron("0 0 13 * FRI").NextAfter(Utc(3, 6, 0, 0)));
    }

    [Fact]
    public void An_impossible_date_has_no_next_run()
    {
        Assert.Null(Cron("0 0 30 2 *").NextAfter(Utc(3, 2, 10, 0)));
    }

    [Theory]
    [InlineData("61 * * * *", "minute")]
    [InlineData("* * *", "five fields")]
    [InlineData("0 0 * * FUNDAY", "day of week")]
    [InlineData("5-1 * * * *", "backwards")]
    [InlineData("*/0 * * * *", "minute")]
    public void Bad_cron_expressions_are_refused_naming_the_field(string cron, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Cron(cron));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_the_spring_clock_skips_runs_when_the_jump_ends()
    {
        // Paris, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist that day.
        var schedule = Cron("30 2 * * *", "Europe/Paris");
        Assert.Equal(Utc(3, 29, 1, 0), schedule.NextAfter(Utc(3, 28, 12, 0)));

        // The day after, 02:30 CEST is 00:30 UTC.
        Assert.Equal(Utc(3, 30, 0, 30), schedule.NextAfter(Utc(3, 29, 1, 0)));
    }

    [Fact]
    public void A_time_the_autumn_clock_repeats_runs_once_at_its_first_occurrence()
    {
        // Paris, 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30 and at 01:30 UTC.
        var schedule = Cron("30 2 * * *", "Europe/Paris");
        Assert.Equal(Utc(10, 25, 0, 30), schedule.NextAfter(Utc(10, 24, 12, 0)));

        // Not again at 01:30 UTC: the next run is the next day's 02:30 CET.
        Assert.Equal(Utc(10, 26, 1, 30), schedule.NextAfter(Utc(10, 25, 0, 30)));

        // A frequent schedule skips the repeated hour rather than running its minutes twice.
        Assert.Equal(Utc(10, 25, 2, 0), Cron("*/30 * * * *", "Europe/Paris").NextAfter(Utc(10, 25, 0, 45)));
    }

    [Fact]
    public void Cron_is_read_in_the_time_zone_given()
    {
        // 09:00 in New York is 14:00 UTC in EST, and 13:00 UTC from 8 March 2026 (EDT from 02:00 that day).
        var schedule = Cron("0 9 * * *", "America/New_York");
        Assert.Equal(Utc(3, 2, 14, 0), schedule.NextAfter(Utc(3, 2, 10, 0)));
        Assert.Equal(Utc(3, 8, 13, 0), schedule.NextAfter(Utc(3, 8, 12, 0)));
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Cron("@daily", "Mars/Olympus"));
        Assert.Contains("IANA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intervals_count_from_the_start_time_whatever_the_clock()
    {
        var start = Utc(3, 2, 10, 0);
        var schedule = TaskSchedule.Of(new BackupTaskSpec { Locations = "file:/b", Interval = "90m", StartAt = start }, Created);

        Assert.Equal(start, schedule.NextAfter(Utc(3, 2, 9, 0)));
        Assert.Equal(Utc(3, 2, 11, 30), schedule.NextAfter(start));
        Assert.Equal(Utc(3, 2, 13, 0), schedule.NextAfter(Utc(3, 2, 12, 0)));
        Assert.Equal(start, schedule.First(Utc(3, 2, 9, 0)));
        Assert.Equal(Utc(3, 2, 13, 0), schedule.First(Utc(3, 2, 12, 0)));
        Assert.Equal([start, Utc(3, 2, 11, 30), Utc(3, 2, 13, 0)], schedule.Upcoming(Utc(3, 2, 9, 0), 3));
    }

    [Fact]
    public void Neither_cron_nor_interval_runs_once_at_the_start_time()
    {
        var start = Utc(3, 2, 10, 0);
        var schedule = TaskSchedule.Of(new BackupTaskSpec { Locations = "file:/b", StartAt = start }, Created);

        Assert.True(schedule.IsOneShot);
        Assert.Equal(start, schedule.First(Utc(3, 1, 0, 0)));
        Assert.Null(schedule.NextAfter(start));
        Assert.Equal([start], schedule.Upcoming(Utc(3, 1, 0, 0), 3));
    }

    [Fact]
    public void Cron_and_interval_together_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TaskSchedule.Of(new BackupTaskSpec { Locations = "file:/b", Cron = "@daily", Interval = "1h" }, Created));
        Assert.Throws<ArgumentException>(() => TaskSchedule.Of(new BackupTaskSpec { Locations = "file:/b", Interval = "1 hour" }, Created));
    }
}

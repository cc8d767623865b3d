using Amphora.Core.Configuration;
using Amphora.Api.Server;

namespace Amphora.Server.Scheduling;

/// <summary>
/// When a task runs: a cron expression read in an IANA time zone, a fixed interval counted from the start time, or once.
/// Daylight saving time: a cron time that does not exist (the clock jumps over it in spring) runs when the jump ends, e.g.
/// 02:30 runs at 03:00; a time that happens twice (the clock goes back in autumn) runs once, at its first occurrence.
/// Intervals are exact durations, so they ignore wall-clock changes.
/// </summary>
public sealed class TaskSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeSpan? _interval;
    private readonly TimeZoneInfo _zone;

    private TaskSchedule(CronExpression? cron, TimeSpan? interval, DateTimeOffset start, TimeZoneInfo zone)
    {
        _cron = cron;
        _interval = interval;
        Start = start;
        _zone = zone;
    }

    /// <summary>No run before this instant; intervals count from it.</summary>
    public DateTimeOffset Start { get; }

    public bool IsOneShot => _cron is null && _interval is null;

    /// <summary>How people read it: "cron 30 2 * * * (Europe/Paris)", "every 1h from ...", "once at ...".</summary>
    public string Description => _cron is not null
        ? $"cron {_cron.Text} ({_zone.Id})"
        : _interval is { } interval ? $"every {DurationText.FormatWhole(interval)} from {Start:u}" : $"once at {Start:u}";

    /// <summary>The schedule of a task (its <see cref="BackupTaskSpec.StartAt"/> filled in when it was created).</summary>
    public static TaskSchedule Of(BackupTaskSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Cron is not null && spec.Interval is not null)
        {
            throw new ArgumentException("give --cron or --interval, not both.");
        }

        var zone = Zone(spec.TimeZone);
        var cron = spec.Cron is null ? null : CronExpression.Parse(spec.Cron);
        var interval = spec.Interval is null ? (TimeSpan?)null : DurationText.Parse(spec.Interval, "--interval");
        if (interval is { } positive && positive < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"--interval '{spec.Interval}' is shorter than a minute; use 1m or more.");
        }

        return new TaskSchedule(cron, interval, spec.StartAt ?? now, zone);
    }

    /// <summary>The first run at or after <paramref name="now"/> and not before <see cref="Start"/>; null: never.</summary>
    public DateTimeOffset? First(DateTimeOffset now)
    {
        var from = Start > now ? Start : now;
        if (_cron is not null)
        {
            return NextAfter(from.AddTicks(-1));
        }

        return _interval is not null && Start < now ? NextAfter(now.AddTicks(-1)) : from;
    }

    /// <summary>The first run strictly after <paramref name="instant"/>; null for a one-shot task or an impossible cron date.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        if (_interval is { } interval)
        {
            if (instant < Start)
            {
                return Start;
            }

            var periods = (instant - Start).Ticks / interval.Ticks + 1;
            return Start + TimeSpan.FromTicks(interval.Ticks * periods);
        }

        if (_cron is null)
        {
            return null;
        }

        if (instant < Start)
        {
            instant = Start.AddTicks(-1);
        }

        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        while (_cron.NextLocalAfter(local) is { } candidate)
        {
            var at = ToInstant(candidate);
            if (at > instant)
            {
                return at;
            }

            // The first occurrence of an hour that repeats is already past: skip its second occurrence.
            local = candidate;
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> runs from <paramref name="now"/>, for dry runs.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset now, int count)
    {
        var runs = new List<DateTimeOffset>();
        for (var next = First(now); next is { } at && runs.Count < count; next = NextAfter(at))
        {
            runs.Add(at);
        }

        return runs;
    }

    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException($"--timezone '{id}' is not a known IANA time zone; write e.g. Europe/Paris, America/New_York or UTC.");
        }
        catch (InvalidTimeZoneException)
        {
            throw new ArgumentException($"--timezone '{id}' could not be read from the system's time zone data; check /usr/share/zoneinfo.");
        }
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        // Spring forward: the wall-clock time does not exist, so run when the clock lands after the jump.
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        if (_zone.IsAmbiguousTime(local))
        {
            // Fall back: the larger offset is the earlier of the two instants.
            var offset = _zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}

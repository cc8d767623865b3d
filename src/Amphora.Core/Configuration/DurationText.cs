using System.Globalization;
using Amphora.Server.Scheduling;

namespace Amphora.Core.Configuration;

/// <summary>Durations as operators write them: 30d, 12h, 90m, 45s, 2w.</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text, string option) => IntervalText.Parse(text, option);

    /// <summary>The largest unit and the next when it is not zero, rounded down: 2d 3h, 1d, 5h 12m, 12m 5s, 45s.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        var (large, largeUnit, small, smallUnit) = duration switch
        {
            { TotalDays: >= 1 } => ((long)duration.TotalDays, 'd', duration.Hours, 'h'),
            { TotalHours: >= 1 } => (duration.Hours, 'h', duration.Minutes, 'm'),
            { TotalMinutes: >= 1 } => (duration.Minutes, 'm', duration.Seconds, 's'),
            _ => (duration.Seconds, 's', 0, 's'),
        };
        return small == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{large}{largeUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{large}{largeUnit} {small}{smallUnit}");
    }

}

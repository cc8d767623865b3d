using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.Configuration;

/// <summary>Durations as operators write them: 30d, 12h, 90m, 45s, 2w.</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Duration().Match(text ?? string.Empty);
        if (!match.Success)
        {
            throw new ArgumentException($"{option} '{text}' is not a duration; write a number and a unit: 45s, 90m, 12h, 30d or 2w.");
        }

        var amount = long.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(7 * amount),
        };
    }

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

    /// <summary>The largest whole unit: 1d, 90m, 45s.</summary>
    public static string FormatWhole(TimeSpan interval) => interval switch
    {
        { Ticks: var t } when t % TimeSpan.TicksPerDay == 0 => string.Create(CultureInfo.InvariantCulture, $"{interval.Days}d"),
        { Ticks: var t } when t % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalHours}h"),
        { Ticks: var t } when t % TimeSpan.TicksPerMinute == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalMinutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalSeconds}s"),
    };

    [GeneratedRegex(@"^(?<amount>\d{1,6})(?<unit>[smhdw])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Server.Scheduling;

/// <summary>Intervals and waits as the task options write them: 45s, 30m, 1h, 1d, 2w.</summary>
public static partial class IntervalText
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Interval().Match(text ?? string.Empty);
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

    /// <summary>The largest whole unit: 1d, 90m, 45s.</summary>
    public static string Format(TimeSpan interval) => interval switch
    {
        { Ticks: var t } when t % TimeSpan.TicksPerDay == 0 => string.Create(CultureInfo.InvariantCulture, $"{interval.Days}d"),
        { Ticks: var t } when t % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalHours}h"),
        { Ticks: var t } when t % TimeSpan.TicksPerMinute == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalMinutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalSeconds}s"),
    };

    [GeneratedRegex(@"^(?<amount>\d{1,6})(?<unit>[smhdw])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Interval();
}

using System.Globalization;

namespace Amphora.Server.Scheduling;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week) with <c>*</c>, lists, ranges, steps, month and
/// day names, and the <c>@hourly</c>, <c>@daily</c>, <c>@weekly</c>, <c>@monthly</c> and <c>@yearly</c> shorthands. As in Vixie
/// cron, when both day fields are restricted a day matching either one matches.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;
    private readonly bool _dayOfMonthRestricted;
    private readonly bool _dayOfWeekRestricted;

    private CronExpression(string text, string[] fields)
    {
        Text = text;
        _minutes = Field(fields[0], "minute", 0, 59, null);
        _hours = Field(fields[1], "hour", 0, 23, null);
        _daysOfMonth = Field(fields[2], "day of month", 1, 31, null);
        _months = Field(fields[3], "month", 1, 12, MonthNames);
        var daysOfWeek = Field(fields[4], "day of week", 0, 7, DayNames);
        daysOfWeek[0] |= daysOfWeek[7]; // 7 is Sunday too
        _daysOfWeek = daysOfWeek[..7];
        _dayOfMonthRestricted = !fields[2].StartsWith('*');
        _dayOfWeekRestricted = !fields[4].StartsWith('*');
    }

    public string Text { get; }

    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var expanded = trimmed.ToLowerInvariant() switch
        {
            "@hourly" => "0 * * * *",
            "@daily" or "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" or "@annually" => "0 0 1 1 *",
            _ => trimmed,
        };
        var fields = expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new ArgumentException(
                $"cron '{text}' needs five fields (minute hour day-of-month month day-of-week), e.g. '30 2 * * *', or @hourly, @daily, @weekly.");
        }

        return new CronExpression(trimmed, fields);
    }

    /// <summary>Whether a wall-clock time (seconds ignored) matches.</summary>
    public bool Matches(DateTime local) => _minutes[local.Minute] && _hours[local.Hour] && _months[local.Month] && DayMatches(local);

    /// <summary>
    /// The first matching wall-clock time after <paramref name="local"/> (whole minutes), or null when none comes within eight
    /// years (an impossible date such as 30 February).
    /// </summary>
    public DateTime? NextLocalAfter(DateTime local)
    {
        var candidate = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = candidate.AddYears(8);
        while (candidate < limit)
        {
            if (!_months[candidate.Month])
            {
                candidate = new DateTime(candidate.Year, candidate.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            }
            else if (!DayMatches(candidate))
            {
                candidate = candidate.Date.AddDays(1);
            }
            else if (!_hours[candidate.Hour])
            {
                candidate = candidate.Date.AddHours(candidate.Hour + 1);
            }
            else if (!_minutes[candidate.Minute])
            {
                candidate = candidate.AddMinutes(1);
            }
            else
            {
                return candidate;
            }
        }

        return null;
    }

    private bool DayMatches(DateTime local)
    {
        var dayOfMonth = _daysOfMonth[local.Day];
        var dayOfWeek = _daysOfWeek[(int)local.DayOfWeek];
        return _dayOfMonthRestricted && _dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    private static bool[] Field(string text, string name, int min, int max, string[]? names)
    {
        var allowed = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var (range, stepText) = item.Split('/') switch
            {
                [var r] => (r, null),
                [var r, var s] => (r, s),
                _ => throw Bad(text, name, min, max),
            };
            var step = stepText is null ? 1 : Number(stepText, name, 1, max, null, text, min, max);
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max == 7 ? 6 : max);
            }
            else if (range.Split('-') is [var low, var high])
            {
                (from, to) = (Number(low, name, min, max, names, text, min, max), Number(high, name, min, max, names, text, min, max));
                if (from > to)
                {
                    throw new ArgumentException($"cron {name} range '{range}' runs backwards; write the smaller value first.");
                }
            }
            else
            {
                from = Number(range, name, min, max, names, text, min, max);
                to = stepText is null ? from : (max == 7 ? 6 : max);
            }

            for (var value = from; value <= to; value += step)
            {
                allowed[value] = true;
            }
        }

        return allowed;
    }

    private static int Number(string text, string name, int low, int high, string[]? names, string field, int min, int max)
    {
        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        if (index >= 0)
        {
            return names == MonthNames ? index + 1 : index;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high)
        {
            return value;
        }

        throw Bad(field, name, min, max);
    }

    private static ArgumentException Bad(string field, string name, int min, int max) =>
        new($"cron {name} field '{field}' is not valid: use *, numbers {min}-{max}, lists (1,15), ranges (1-5) and steps (*/10)" +
            (name is "month" ? " or names JAN-DEC." : name is "day of week" ? " or names SUN-SAT." : "."));
}

using System.Globalization;

namespace Amphora.Cli.Output;

/// <summary>Times in listings: UTC, to the second, sortable.</summary>
public static class TimeText
{
    public static string Format(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}

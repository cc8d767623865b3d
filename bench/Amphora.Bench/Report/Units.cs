using System.Globalization;

namespace Amphora.Bench.Report;

/// <summary>How figures are written: MiB/s, seconds, sizes, ratios.</summary>
public static class Units
{
    public static double MiBps(long bytes, double seconds) => bytes / 1048576.0 / Math.Max(seconds, 1e-6);

    public static string Rate(long bytes, double seconds) => F($"{Throughput(MiBps(bytes, seconds))} ({seconds:0.00} s)");

    public static string Throughput(double mibps) => F($"{mibps:0} MiB/s");

    public static string Seconds(double seconds) => F($"{seconds:0.00} s");

    public static string Ratio(double ratio) => F($"{ratio:0.00}x");

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => F($"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => F($"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => F($"{bytes / 1024.0:0.0} KiB"),
        _ => F($"{bytes} B"),
    };

    /// <summary>Parses 512MiB, 2GiB, 100KiB or a plain byte count.</summary>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (suffix, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return (long)(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
            }
        }

        return long.Parse(text, CultureInfo.InvariantCulture);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

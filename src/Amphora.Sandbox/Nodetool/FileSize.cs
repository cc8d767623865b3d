using System.Globalization;

namespace Amphora.Sandbox.Nodetool;

/// <summary>Cassandra's FileUtils.stringifyFileSize: "#.##" with bytes, KiB, MiB, GiB, TiB.</summary>
public static class FileSize
{
    public static string Stringify(double value)
    {
        (double Size, string Unit)[] units = [(1L << 40, "TiB"), (1L << 30, "GiB"), (1L << 20, "MiB"), (1L << 10, "KiB")];
        foreach (var (size, unit) in units)
        {
            if (value >= size)
            {
                return Format(value / size) + " " + unit;
            }
        }

        return Format(value) + " bytes";
    }

    private static string Format(double value) =>
        Math.Round(value, 2, MidpointRounding.ToEven).ToString("0.##", CultureInfo.InvariantCulture);
}

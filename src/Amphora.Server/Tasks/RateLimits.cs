using System.Globalization;

namespace Amphora.Server.Tasks;

/// <summary>
/// <c>--rate-limit 50</c> or <c>dc1:100,dc2:20,50</c>: per-node MiB/s, per datacenter, the entry without a datacenter being
/// the default. Null for a datacenter means unlimited.
/// </summary>
public sealed class RateLimits
{
    private readonly Dictionary<string, double> _perDatacenter;

    private RateLimits(double? fallback, Dictionary<string, double> perDatacenter)
    {
        Default = fallback;
        _perDatacenter = perDatacenter;
    }

    public double? Default { get; }

    public IReadOnlyDictionary<string, double> PerDatacenter => _perDatacenter;

    public static RateLimits Parse(string? text)
    {
        var perDatacenter = new Dictionary<string, double>(StringComparer.Ordinal);
        double? fallback = null;
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = entry.LastIndexOf(':');
            var datacenter = separator < 0 ? null : entry[..separator];
            if (!double.TryParse(entry[(separator + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var limit) || limit <= 0
                || datacenter is { Length: 0 })
            {
                throw new ArgumentException($"--rate-limit entry '{entry}' is not MiB/s or DC:MiB/s; write e.g. 50 or dc1:100,dc2:20,50.");
            }

            if (datacenter is null ? fallback is not null : perDatacenter.ContainsKey(datacenter))
            {
                throw new ArgumentException($"--rate-limit '{text}' gives {(datacenter is null ? "the default" : "datacenter " + datacenter)} twice.");
            }

            if (datacenter is null)
            {
                fallback = limit;
            }
            else
            {
                perDatacenter[datacenter] = limit;
            }
        }

        return new RateLimits(fallback, perDatacenter);
    }

    /// <summary>MiB/s for each node of the datacenter; null: unlimited.</summary>
    public double? For(string datacenter) => _perDatacenter.TryGetValue(datacenter, out var limit) ? limit : Default;
}

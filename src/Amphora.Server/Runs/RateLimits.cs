using System.Globalization;

namespace Amphora.Server.Runs;

/// <summary>
/// Per-node MiB/s by datacenter, as Scylla Manager's <c>--rate-limit</c>: <c>50</c> for every node, or
/// <c>dc1:100,dc2:20,50</c> (the entry without a datacenter is the default; without one, nodes of unnamed datacenters are unlimited).
/// </summary>
public sealed class RateLimits
{
    private readonly Dictionary<string, double> _byDatacenter = new(StringComparer.Ordinal);
    private double? _default;

    private RateLimits()
    {
    }

    public static RateLimits Parse(string? text)
    {
        var limits = new RateLimits();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            var datacenter = colon < 0 ? null : entry[..colon];
            if (!double.TryParse(entry[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var mebibytes) || mebibytes <= 0 || datacenter is "")
            {
                throw new ArgumentException($"--rate-limit entry '{entry}' is not [DC:]MiB/s with a positive number; e.g. --rate-limit dc1:100,dc2:20,50.");
            }

            if (datacenter is null ? limits._default is not null : !limits._byDatacenter.TryAdd(datacenter, mebibytes))
            {
                throw new ArgumentException($"--rate-limit '{text}' gives {(datacenter is null ? "the default" : "datacenter " + datacenter)} twice.");
            }

            if (datacenter is null)
            {
                limits._default = mebibytes;
            }
        }

        return limits;
    }

    /// <summary>MiB/s for one node of the datacenter; null: unlimited.</summary>
    public double? For(string datacenter) => _byDatacenter.TryGetValue(datacenter, out var limit) ? limit : _default;
}

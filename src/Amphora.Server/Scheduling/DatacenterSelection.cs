using System.Text.RegularExpressions;

namespace Amphora.Server.Scheduling;

/// <summary>
/// <c>--dc 'dc*,!dc3'</c>: datacenter globs ('*', '?') with '!' exclusions, checked against the datacenters discovered. Only
/// exclusions: every other datacenter. A pattern that matches no datacenter is a mistake and is refused.
/// </summary>
public static class DatacenterSelection
{
    public static IReadOnlyList<string> Select(string? patterns, IReadOnlyCollection<string> datacenters)
    {
        ArgumentNullException.ThrowIfNull(datacenters);
        var known = datacenters.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(patterns))
        {
            return known;
        }

        var includes = new List<Regex>();
        var excludes = new List<Regex>();
        foreach (var raw in patterns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var exclude = raw.StartsWith('!');
            var glob = exclude ? raw[1..] : raw;
            var regex = new Regex("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.CultureInvariant);
            if (glob.Length == 0 || !known.Any(regex.IsMatch))
            {
                throw new ArgumentException($"--dc pattern '{raw}' matches no datacenter; the cluster has {string.Join(", ", known)}.");
            }

            (exclude ? excludes : includes).Add(regex);
        }

        var selected = known.Where(dc => (includes.Count == 0 || includes.Any(r => r.IsMatch(dc))) && !excludes.Any(r => r.IsMatch(dc))).ToList();
        return selected.Count > 0
            ? selected
            : throw new ArgumentException($"--dc '{patterns}' leaves no datacenter; the cluster has {string.Join(", ", known)}.");
    }
}

using System.Text.RegularExpressions;
using Amphora.Api.Server;

namespace Amphora.Server.Runs;

/// <summary>
/// Which datacenters a task covers: globs with '!' exclusions, as Scylla Manager's <c>--dc 'dc*,!dc3'</c>; null or empty:
/// all. Only exclusions: every other datacenter.
/// </summary>
public static class DatacenterGlobs
{
    /// <summary>The cluster's nodes in the selected datacenters; a glob that matches no datacenter is an error naming them.</summary>
    public static IReadOnlyList<ClusterNodeInfo> Select(ClusterInfo cluster, string? globs)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var datacenters = cluster.Nodes.Select(n => n.Datacenter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var patterns = (globs ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var includes = patterns.Where(p => !p.StartsWith('!')).ToList();
        var excludes = patterns.Where(p => p.StartsWith('!')).Select(p => p[1..]).ToList();
        foreach (var pattern in includes.Concat(excludes))
        {
            if (pattern.Length == 0 || !datacenters.Any(dc => Matches(pattern, dc)))
            {
                throw new ArgumentException($"--dc pattern '{pattern}' matches no datacenter of cluster {cluster.Name}; its datacenters are {string.Join(", ", datacenters)}.");
            }
        }

        var selected = datacenters.Where(dc => (includes.Count == 0 || includes.Any(p => Matches(p, dc))) && !excludes.Any(p => Matches(p, dc))).ToHashSet(StringComparer.Ordinal);
        if (selected.Count == 0)
        {
            throw new ArgumentException($"--dc '{globs}' leaves no datacenter of cluster {cluster.Name} ({string.Join(", ", datacenters)}).");
        }

        return [.. cluster.Nodes.Where(n => selected.Contains(n.Datacenter))];
    }

    private static bool Matches(string pattern, string datacenter) =>
        Regex.IsMatch(datacenter, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
}

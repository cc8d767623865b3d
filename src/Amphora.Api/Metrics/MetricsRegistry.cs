using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Amphora.Api.Metrics;

/// <summary>
/// The metrics a process exposes on <c>/metrics</c>, in Prometheus' text format 0.0.4. A small registry of its own: the
/// prometheus-net package is not available to this build.
/// </summary>
public sealed partial class MetricsRegistry
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly List<Action> _beforeScrape = [];

    public MetricFamily Counter(string name, string help, params string[] labelNames) => Add(name, help, "counter", labelNames);

    public MetricFamily Gauge(string name, string help, params string[] labelNames) => Add(name, help, "gauge", labelNames);

    /// <summary>Runs before each scrape, to refresh gauges read from elsewhere (disk usage, backlog...).</summary>
    public void BeforeScrape(Action refresh)
    {
        lock (_beforeScrape)
        {
            _beforeScrape.Add(refresh);
        }
    }

    public string Scrape()
    {
        Action[] refreshes;
        lock (_beforeScrape)
        {
            refreshes = [.. _beforeScrape];
        }

        foreach (var refresh in refreshes)
        {
            refresh();
        }

        var text = new StringBuilder();
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.WriteTo(text);
        }

        return text.ToString();
    }

    private MetricFamily Add(string name, string help, string type, string[] labelNames)
    {
        if (!MetricName().IsMatch(name) || labelNames.Any(label => !LabelName().IsMatch(label)))
        {
            throw new ArgumentException($"'{name}' or one of its labels is not a valid Prometheus name.", nameof(name));
        }

        var family = _families.GetOrAdd(name, _ => new MetricFamily(name, help, type, labelNames));
        if (family.Type != type || !family.LabelNames.SequenceEqual(labelNames))
        {
            throw new ArgumentException($"metric {name} is already registered as a {family.Type} with labels {string.Join(", ", family.LabelNames)}.", nameof(name));
        }

        return family;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}

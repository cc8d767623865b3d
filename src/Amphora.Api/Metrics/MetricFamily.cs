using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Amphora.Api.Metrics;

/// <summary>
/// One Prometheus metric (a counter or a gauge) and its labelled series. Series are keyed by their label values in the
/// order of <see cref="LabelNames"/>.
/// </summary>
public sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    internal MetricFamily(string name, string help, string type, IReadOnlyList<string> labelNames)
    {
        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    /// <summary>"counter" or "gauge".</summary>
    public string Type { get; }

    public IReadOnlyList<string> LabelNames { get; }

    public void Increment(double by, params string[] labelValues)
    {
        if (Type == "counter" && by < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(by), $"counter {Name} only goes up.");
        }

        Get(labelValues).Add(by);
    }

    public void Set(double value, params string[] labelValues) => Get(labelValues).Set(value);

    /// <summary>Removes every series (a gauge recomputed from scratch before each scrape).</summary>
    public void Clear() => _series.Clear();

    internal void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        foreach (var (_, series) in _series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(Name);
            if (LabelNames.Count > 0)
            {
                text.Append('{');
                for (var i = 0; i < LabelNames.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",").Append(LabelNames[i]).Append("=\"").Append(Escape(series.LabelValues[i])).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(series.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private Series Get(string[] labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"metric {Name} has labels {string.Join(", ", LabelNames)}; {labelValues.Length} values given.", nameof(labelValues));
        }

        return _series.GetOrAdd(string.Join('\u0001', labelValues), _ => new Series(labelValues.ToArray()));
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series(string[] labelValues)
    {
        private readonly Lock _gate = new();
        private double _value;

        public string[] LabelValues { get; } = labelValues;

        public double Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Add(double by)
        {
            lock (_gate)
            {
                _value += by;
            }
        }

        public void Set(double value)
        {
            lock (_gate)
            {
                _value = value;
            }
        }
    }
}

using Amphora.Api.Metrics;

namespace Amphora.Tests.Runs;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void Scrape_writes_prometheus_text_with_help_type_escaped_labels_and_refreshed_gauges()
    {
        var registry = new MetricsRegistry();
        var bytes = registry.Counter("amphora_test_bytes_total", "Bytes moved.\nBy result.", "cluster", "result");
        var age = registry.Gauge("amphora_test_age_seconds", "Age.");
        bytes.Increment(10, "prod \"eu\"", "uploaded");
        bytes.Increment(5, "prod \"eu\"", "uploaded");
        bytes.Increment(0.5, "a\\b", "skipped");
        var refreshed = 0;
        registry.BeforeScrape(() => age.Set(++refreshed));

        Assert.Equal(
            "# HELP amphora_test_age_seconds Age.\n" +
            "# TYPE amphora_test_age_seconds gauge\n" +
            "amphora_test_age_seconds 1\n" +
            "# HELP amphora_test_bytes_total Bytes moved.\\nBy result.\n" +
            "# TYPE amphora_test_bytes_total counter\n" +
            "amphora_test_bytes_total{cluster=\"a\\\\b\",result=\"skipped\"} 0.5\n" +
            "amphora_test_bytes_total{cluster=\"prod \\\"eu\\\"\",result=\"uploaded\"} 15\n",
            registry.Scrape());
        Assert.Contains("amphora_test_age_seconds 2\n", registry.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("amphora_test_total", "A counter.", "kind");
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Increment(-1, "x"));
        Assert.Throws<ArgumentException>(() => counter.Increment(1));
        Assert.Throws<ArgumentException>(() => registry.Gauge("amphora_test_total", "Now a gauge.", "kind"));
        Assert.Throws<ArgumentException>(() => registry.Counter("bad-name", "Dash."));
        Assert.Same(counter, registry.Counter("amphora_test_total", "A counter.", "kind"));
    }
}

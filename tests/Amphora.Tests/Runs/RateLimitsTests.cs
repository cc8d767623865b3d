using Amphora.Server.Tasks;

namespace Amphora.Tests.Runs;

public sealed class RateLimitsTests
{
    [Fact]
    public void A_datacenter_entry_wins_over_the_default_and_without_a_default_other_datacenters_are_unlimited()
    {
        var limits = RateLimits.Parse("dc1:100, dc2:20.5,50");
        Assert.Equal(100, limits.For("dc1"));
        Assert.Equal(20.5, limits.For("dc2"));
        Assert.Equal(50, limits.For("dc3"));
        Assert.Null(RateLimits.Parse("dc1:100").For("dc2"));
        Assert.Null(RateLimits.Parse(null).For("dc1"));
    }

    [Theory]
    [InlineData("fast", "is not MiB/s or DC:MiB/s")]
    [InlineData("dc1:0", "is not MiB/s or DC:MiB/s")]
    [InlineData(":5", "is not MiB/s or DC:MiB/s")]
    [InlineData("dc1:5,dc1:6", "gives datacenter dc1 twice")]
    [InlineData("5,6", "gives the default twice")]
    public void Bad_entries_are_refused_naming_them(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RateLimits.Parse(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

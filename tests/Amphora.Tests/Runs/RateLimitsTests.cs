using Amphora.Server.Tasks;

namespace Amphora.Tests.Runs;

public sealed class RateLimitsTests
{
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

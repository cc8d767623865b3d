using Amphora.Server.Runs;

namespace Amphora.Tests.Runs;

public sealed class DatacenterLimiterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(0, 3)]
    public async Task At_most_the_limit_runs_at_once_in_each_datacenter_and_datacenters_run_side_by_side(int limit, int expectedPerDatacenter)
    {
        var items = new[] { ("dc1", 1), ("dc1", 2), ("dc1", 3), ("dc2", 4), ("dc2", 5), ("dc2", 6) };
        var running = new Dictionary<string, int> { ["dc1"] = 0, ["dc2"] = 0 };
        var peak = new Dictionary<string, int> { ["dc1"] = 0, ["dc2"] = 0 };
        var peakTotal = 0;
        var gate = new Lock();
        var released = new TaskCompletionSource();
        var arrivals = 0;
        var expectedArrivals = 2 * expectedPerDatacenter;

        var run = DatacenterLimiter.RunAsync(items, item => item.Item1, limit, async item =>
        {
            lock (gate)
            {
                running[item.Item1]++;
                peak[item.Item1] = Math.Max(peak[item.Item1], running[item.Item1]);
                peakTotal = Math.Max(peakTotal, running.Values.Sum());
                if (++arrivals == expectedArrivals)
                {
                    released.SetResult();
                }
            }

            // Everyone admitted at first waits until the expected number are in, so the peak is reached for sure.
            await released.Task;
            lock (gate)
            {
                running[item.Item1]--;
            }
        });
        await run;
        Assert.Equal(expectedPerDatacenter, peak["dc1"]);
        Assert.Equal(expectedPerDatacenter, peak["dc2"]);
        Assert.Equal(2 * expectedPerDatacenter, peakTotal);
    }
}

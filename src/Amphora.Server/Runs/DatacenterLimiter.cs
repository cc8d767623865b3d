namespace Amphora.Server.Runs;

/// <summary>
/// Runs one piece of work per node with at most N nodes of each datacenter at once (0: no limit), datacenters side by side,
/// as --snapshot-parallel and --upload-parallel mean it.
/// </summary>
public static class DatacenterLimiter
{
    public static Task RunAsync<T>(IEnumerable<T> items, Func<T, string> datacenterOf, int perDatacenter, Func<T, Task> work)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(datacenterOf);
        ArgumentNullException.ThrowIfNull(work);
        return Task.WhenAll(items.GroupBy(datacenterOf, StringComparer.Ordinal).Select(async datacenter =>
        {
            using var slots = new SemaphoreSlim(perDatacenter > 0 ? perDatacenter : int.MaxValue);
            await Task.WhenAll(datacenter.Select(async item =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    await work(item).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
        }));
    }
}

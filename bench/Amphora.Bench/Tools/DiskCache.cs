namespace Amphora.Bench.Tools;

/// <summary>
/// Puts every timed copy on the same footing: dirty pages written out, then the page cache dropped (root only), so each tool
/// reads its source from the disk. Where dropping is refused, every run reads a warm cache instead, and the report says so.
/// </summary>
public static class DiskCache
{
    public static async Task<bool> DropAsync(CancellationToken cancellationToken)
    {
        await ProcessMeter.ShellAsync("sync", cancellationToken).ConfigureAwait(false);
        try
        {
            await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "3", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            // Let the VM hand freed memory back before the next timed run (writing new pages is what costs here).
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
    }
}

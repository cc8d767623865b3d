namespace Amphora.Core.Backup;

/// <summary>
/// Incremental passes one after another, <c>interval</c> apart, until cancelled (Ctrl-C, SIGTERM). A failing pass is
/// reported and the next pass retries: it ships what the failed one left in backups/. Cancellation, between passes or
/// during one, ends the watch cleanly; a pass cut short marks nothing complete and deletes nothing.
/// </summary>
public static class IncrementalBackupWatch
{
    /// <summary>Runs passes until <paramref name="cancellationToken"/> is cancelled; returns how many passes ran to the end.</summary>
    public static async Task<int> RunAsync(
        Func<CancellationToken, Task<IncrementalBackupResult>> pass,
        TimeSpan interval,
        Action<IncrementalBackupResult> passDone,
        Action<Exception> passFailed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(passDone);
        ArgumentNullException.ThrowIfNull(passFailed);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the watch interval must be positive, not {interval}.", nameof(interval));
        }

        var finished = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                passDone(await pass(cancellationToken).ConfigureAwait(false));
                finished++;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                passFailed(e);
            }

            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return finished;
    }
}

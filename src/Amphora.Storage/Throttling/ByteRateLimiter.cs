using System.Diagnostics;

namespace Amphora.Storage.Throttling;

/// <summary>
/// A token bucket in bytes per second shared by every transfer it governs (all uploads and downloads of one node): callers
/// take bytes after moving them and wait when the bucket is in debt. Bursts are capped at a quarter second of rate.
/// </summary>
public sealed class ByteRateLimiter
{
    private readonly Lock _lock = new();
    private readonly double _bytesPerSecond;
    private readonly double _burst;
    private double _available;
    private long _lastRefill = Stopwatch.GetTimestamp();

    public ByteRateLimiter(double bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        _bytesPerSecond = bytesPerSecond;
        _burst = Math.Max(64 * 1024, bytesPerSecond / 4);
        _available = _burst;
    }

    public static ByteRateLimiter FromMebibytesPerSecond(double mebibytesPerSecond) => new(mebibytesPerSecond * 1024 * 1024);

    /// <summary>Accounts for bytes just moved and waits as long as the rate requires.</summary>
    public async ValueTask TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _available = Math.Min(_burst, _available + (Stopwatch.GetElapsedTime(_lastRefill, now).TotalSeconds * _bytesPerSecond));
            _lastRefill = now;
            _available -= bytes;
            wait = _available >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_available / _bytesPerSecond);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}

namespace Amphora.Storage.Resilience;

/// <summary>Exponential backoff with full jitter, for the retries Polly's pipeline does not drive (listings, downloads).</summary>
internal static class Backoff
{
    public static TimeSpan Delay(RetryOptions options, int attempt)
    {
        var ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling * Random.Shared.NextDouble());
    }
}

using System.Diagnostics;
using Amphora.Storage;
using Amphora.Storage.Local;
using Amphora.Storage.Throttling;
using Amphora.Tests.Support;

namespace Amphora.Tests.Storage;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_rate_limited_store_moves_no_more_than_its_rate_allows()
    {
        // Only a lower bound: the limit must hold back 2 MiB at 1 MiB/s for at least about 1.75 s (a quarter second of burst).
        using var directory = new TempDirectory();
        var store = new RateLimitedObjectStore(new LocalObjectStore(directory.Path), ByteRateLimiter.FromMebibytesPerSecond(1));
        var bytes = new byte[2 << 20];
        var clock = Stopwatch.StartNew();

        await store.PutAsync("k", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.7), $"2 MiB at 1 MiB/s took only {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(bytes.Length, (await store.StatAsync("k", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Staged_bytes_are_held_to_the_rate_too()
    {
        using var directory = new TempDirectory();
        var store = (IContentStagingStore)RateLimitedObjectStore.Over(new LocalObjectStore(directory.Path), ByteRateLimiter.FromMebibytesPerSecond(1));
        var clock = Stopwatch.StartNew();

        await using var staged = await store.StageAsync("identity", UploadSource.FromBytes(new byte[2 << 20]), CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.7), $"2 MiB staged at 1 MiB/s took only {clock.Elapsed.TotalSeconds:F2} s");
    }
}

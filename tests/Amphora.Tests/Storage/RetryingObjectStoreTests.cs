using System.Text;
using Amphora.Storage;
using Amphora.Storage.Local;
using Amphora.Storage.Resilience;
using Amphora.Tests.Support;

namespace Amphora.Tests.Storage;

/// <summary>The retry wrapper around a real local store with faults injected in front of it.</summary>
public sealed class RetryingObjectStoreTests : IDisposable
{
    private static readonly RetryOptions QuickRetries = new() { MaxRetries = 3, FirstDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };
    private readonly TempDirectory _directory = new();
    private readonly FaultInjectingObjectStore _faulty;
    private readonly RetryingObjectStore _store;
    private readonly List<int> _retries = [];

    public RetryingObjectStoreTests()
    {
        _faulty = new FaultInjectingObjectStore(new LocalObjectStore(_directory.Path));
        _store = new RetryingObjectStore(_faulty, QuickRetries);
        _store.Retried += (_, attempt, _) => _retries.Add(attempt);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Transient_failures_are_retried_until_the_call_succeeds()
    {
        _faulty.FailCall = (operation, _, count) => operation == "put" && count <= 2 ? Transient("503 Slow Down") : null;
        await _store.PutAsync("k", UploadSource.FromBytes("v"u8.ToArray()), CancellationToken.None);

        Assert.Equal(3, _faulty.Calls("put"));
        Assert.Equal([2, 3], _retries);
        Assert.Equal(1, (await _store.StatAsync("k", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Permanent_failures_fail_at_once_with_their_own_message()
    {
        _faulty.FailCall = (operation, _, _) => operation == "put" ? new StorageException("access denied for s3:PutObject on s3:b/k") : null;
        var error = await Assert.ThrowsAsync<StorageException>(() => _store.PutAsync("k", UploadSource.FromBytes("v"u8.ToArray()), CancellationToken.None));

        Assert.Equal("access denied for s3:PutObject on s3:b/k", error.Message);
        Assert.Equal(1, _faulty.Calls("put"));
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task A_missing_object_is_not_retried()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.OpenReadAsync("absent", CancellationToken.None));
        Assert.Equal(1, _faulty.Calls("read"));
    }

    [Fact]
    public async Task Retries_give_up_after_the_limit_with_the_last_failure()
    {
        _faulty.FailCall = (operation, _, count) => operation == "stat" ? Transient($"500 Internal Error #{count}") : null;
        var error = await Assert.ThrowsAsync<StorageException>(() => _store.StatAsync("k", CancellationToken.None));

        Assert.Equal("500 Internal Error #4", error.Message);
        Assert.Equal(4, _faulty.Calls("stat"));
    }

    [Fact]
    public async Task A_listing_broken_midway_restarts_without_repeating_or_losing_keys()
    {
        for (var i = 0; i < 10; i++)
        {
            await _faulty.PutAsync($"l/{i}", UploadSource.FromBytes(new byte[] { 1 }), CancellationToken.None);
        }

        _faulty.FailCall = (operation, _, count) => operation == "list" && count is 4 or 12 ? Transient("connection reset") : null;
        var keys = await _store.ListAsync("l/", CancellationToken.None).Select(info => info.Key).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"l/{i}"), keys);
    }

    [Fact]
    public async Task A_download_that_breaks_midway_reopens_where_it_stopped()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + (i % 26)))));
        await _faulty.PutAsync("d", UploadSource.FromBytes(bytes), CancellationToken.None);
        var breaks = 0;
        _faulty.FailDownloadsAfter = (1000, () => ++breaks <= 2 ? new IOException("connection reset by peer") : null);

        await using var stream = await _store.OpenReadAsync("d", new ByteRange(100, 3000), CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 256);

        Assert.Equal(bytes[100..3100], copy.ToArray());
        Assert.True(breaks >= 2);
    }

    [Fact]
    public async Task A_retried_put_resumes_instead_of_starting_over()
    {
        var bytes = new byte[3 << 20];
        Random.Shared.NextBytes(bytes);
        var attempts = 0;
        _faulty.FailUploadsAfter = (2 << 20, () => ++attempts == 1 ? Transient("connection reset while sending") : null);

        await _store.PutAsync("big", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.Equal(1, _store.Statistics.PartsResumed);
        await using var stream = await _store.OpenReadAsync("big", CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    private static StorageException Transient(string message) => new(message, isTransient: true);
}

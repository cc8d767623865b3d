using System.Collections.Concurrent;
using Amphora.Core.Backup;
using Amphora.Storage;
using Amphora.Storage.Resilience;
using Amphora.Storage.S3;
using Amphora.Storage.Transfers;
using Amphora.Tests.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// Backups to the real S3 server through the retry wrapper, with faults injected in front of the server: an upload killed
/// midway, transient errors, a permanent refusal.
/// </summary>
public sealed class UnreliableLocationBackupTests : IDisposable
{
    private static readonly RetryOptions QuickRetries = new() { MaxRetries = 4, FirstDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };
    private static readonly TransferTuning SmallParts = new() { MinimumPartSize = 5 * PartLayout.MiB, PartParallelism = 2 };
    private readonly BackupBench _bench = new();
    private readonly string _prefix = "unreliable-" + Guid.NewGuid().ToString("N")[..12];

    public UnreliableLocationBackupTests() =>
        // Incompressible values make an SSTable of several parts.
        _bench.Sandbox.Write("shop.orders", 1500, valueSize: 8000);

    public void Dispose() => _bench.Dispose();

    [Fact]
    public async Task A_backup_killed_mid_upload_is_finished_by_the_next_run_without_sending_completed_content_again()
    {
        var killed = new FaultInjectingObjectStore(S3());
        killed.FailUploadsAfter = (7 * PartLayout.MiB, () => new OperationCanceledException("the backup process was killed"));
        await Assert.ThrowsAnyAsync<Exception>(() => _bench.BackupAsync(new BackupRequest { Tag = "first-try" }, store: killed));
        var sentBeforeTheKill = killed.Statistics.BytesSent;
        Assert.True(sentBeforeTheKill > 0, "nothing reached the server before the kill");

        var store = S3();
        var result = await _bench.BackupAsync(new BackupRequest { Tag = "second-try" }, store: store);

        Assert.True(store.Statistics.BytesSent + sentBeforeTheKill < result.Bytes + (5 * PartLayout.MiB),
            $"the second run sent {store.Statistics.BytesSent} bytes after {sentBeforeTheKill} had reached the server, for {result.Bytes} bytes of backup");
        Assert.True(store.Statistics.PartsResumed > 0 || result.UploadedFiles < result.Files, "the second run resumed nothing");
        Assert.True(store.Statistics.BytesSent < result.Bytes, "the second run sent everything again");
        await AssertEveryFileIsStoredAsync(store, "second-try");
    }

    [Fact]
    public async Task Transient_errors_are_retried_and_the_backup_completes()
    {
        var faulty = new FaultInjectingObjectStore(S3());
        // The first put and the first stat of every key fail as S3 does when it sheds load.
        var failedOnce = new ConcurrentDictionary<string, bool>();
        faulty.FailCall = (operation, key, _) => operation is "put" or "stat" && failedOnce.TryAdd(operation + " " + key, true)
            ? new StorageException($"503 SlowDown: {operation} {key}", isTransient: true)
            : null;
        var retrying = new RetryingObjectStore(faulty, QuickRetries);
        var retries = 0;
        retrying.Retried += (_, _, _) => Interlocked.Increment(ref retries);

        var result = await _bench.BackupAsync(new BackupRequest { Tag = "through-errors" }, store: retrying);

        Assert.True(retries > 0);
        await AssertEveryFileIsStoredAsync(S3(), "through-errors");
    }

    [Fact]
    public async Task A_permanent_error_fails_the_backup_at_once_with_its_message()
    {
        var faulty = new FaultInjectingObjectStore(S3());
        faulty.FailCall = (operation, key, _) => operation == "put" && key.StartsWith("content/", StringComparison.Ordinal)
            ? new StorageException($"s3:amphora-test/{key}: access denied for s3:PutObject: grant it to the backup role")
            : null;
        var retrying = new RetryingObjectStore(faulty, QuickRetries);

        var failure = await Assert.ThrowsAsync<BackupFailedException>(() => _bench.BackupAsync(new BackupRequest { Tag = "denied" }, store: retrying));

        Assert.Contains("access denied for s3:PutObject", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was marked complete", failure.Message, StringComparison.Ordinal);
        Assert.InRange(faulty.Calls("put"), 1, 4); // no retries: at most one per file the backup had started in parallel
    }

    private S3ObjectStore S3() => S3TestServer.Open(_prefix, SmallParts);

    private async Task AssertEveryFileIsStoredAsync(S3ObjectStore store, string tag)
    {
        var repository = await _bench.RepositoryAsync(store);
        var manifest = await repository.ReadManifestAsync(BackupBench.ClusterName, tag, _bench.HostId(), CancellationToken.None);
        Assert.NotNull(manifest);
        foreach (var file in manifest.Tables.SelectMany(table => table.Files))
        {
            var info = await store.StatAsync(BackupBench.ContentKey(file.Hash), CancellationToken.None);
            Assert.True(info is not null && info.Size == file.Size, $"{file.Path} ({file.Hash}) is not stored whole");
        }
    }
}

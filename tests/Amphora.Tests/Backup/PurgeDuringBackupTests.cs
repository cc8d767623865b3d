using System.Globalization;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// The purge/backup race is designed out: a backup holds a shared lock from before it relies on content the location already
/// has until it is marked complete, and purge needs the exclusive lock, so it can never delete content a backup is about to reference.
/// </summary>
public sealed class PurgeDuringBackupTests
{
    private static readonly RetentionPolicy KeepNewest = new(KeepLast: 1, null, TimeSpan.Zero);

    [Fact]
    public async Task Purge_gives_up_naming_the_backup_while_a_backup_lock_is_held_and_runs_once_it_is_released()
    {
        using var directory = new TempDirectory();
        var store = new LocalObjectStore(directory.Path);
        var repository = await BackupRepository.OpenAsync(store, create: true, CancellationToken.None);
        var purge = new BackupDeletion(repository, new LockOptions { WaitUpTo = TimeSpan.Zero });

        await using (await RepositoryLock.AcquireAsync(store, LockKind.Shared, "backup", new LockOptions(), CancellationToken.None))
        {
            var refused = await Assert.ThrowsAsync<RepositoryLockedException>(() => purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None));
            Assert.Contains("backup", refused.Message, StringComparison.Ordinal);
            Assert.Equal("backup", Assert.Single(refused.Holders).Operation);
        }

        var plan = await purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None);
        Assert.Empty(plan.NodeBackups);
        Assert.DoesNotContain(Directory.EnumerateFiles(directory.Path, "*", SearchOption.AllDirectories), f => f.Contains("/locks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_not_refreshed_for_two_hours_is_ignored()
    {
        using var directory = new TempDirectory();
        var store = new LocalObjectStore(directory.Path);
        var repository = await BackupRepository.OpenAsync(store, create: true, CancellationToken.None);
        var purge = new BackupDeletion(repository, new LockOptions { WaitUpTo = TimeSpan.Zero });

        // The same lock file written as a live holder's blocks purge; refreshed two hours ago, it is a dead holder's.
        WriteLockFile(directory.Path, "live", DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<RepositoryLockedException>(() => purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None));
        File.Delete(Path.Combine(directory.Path, "locks", "live.json"));

        WriteLockFile(directory.Path, "dead", DateTimeOffset.UtcNow.AddHours(-2));
        var plan = await purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None);
        Assert.Empty(plan.NodeBackups);
    }

    [Fact]
    public async Task A_purge_started_while_a_backup_runs_waits_then_fails_and_the_backup_keeps_all_its_content()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 1000);
        var atManifest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new SemaphoreSlim(0);
        var store = new InterceptingObjectStore(bench.Store(), async (key, _, cancellationToken) =>
        {
            if (key.StartsWith("backups/", StringComparison.Ordinal) && key.EndsWith("/manifest.json.gz", StringComparison.Ordinal))
            {
                atManifest.TrySetResult();
                await gate.WaitAsync(cancellationToken);
            }
        });

        var backup = bench.BackupAsync(new BackupRequest { Tag = "b1" }, store: store);
        await Task.WhenAny(atManifest.Task, backup);
        Assert.True(atManifest.Task.IsCompleted, $"the backup ended before writing its manifest: {backup.Exception}");

        // Every uploaded object is referenced by no manifest yet, and older than a zero grace period: only the lock protects it.
        var uploaded = bench.ObjectKeys("content/");
        Assert.NotEmpty(uploaded);
        var purge = new BackupDeletion(await bench.RepositoryAsync(), new LockOptions { WaitUpTo = TimeSpan.FromSeconds(5) });
        var refused = await Assert.ThrowsAsync<RepositoryLockedException>(() => purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None));
        Assert.Equal("backup", Assert.Single(refused.Holders).Operation);
        Assert.Equal(uploaded, bench.ObjectKeys("content/"));

        gate.Release();
        var result = await backup;
        var manifest = await bench.ManifestAsync("b1");
        Assert.Equal(result.Files, manifest.Files.Count());
        bench.AssertContentIntact(manifest);

        // Once the backup is complete, a purge runs and still removes none of its content.
        var plan = await purge.PurgeAsync(KeepNewest, dryRun: false, CancellationToken.None);
        Assert.Empty(plan.ContentKeys);
        bench.AssertContentIntact(manifest);
    }

    /// <summary>A lock object as another process would have written it (repository format: snake_case JSON under locks/).</summary>
    private static void WriteLockFile(string location, string id, DateTimeOffset refreshedAt)
    {
        var time = refreshedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.Combine(location, "locks"));
        File.WriteAllText(Path.Combine(location, "locks", id + ".json"),
            $$"""
            {"format":"amphora-lock","format_version":1,"id":"{{id}}","kind":"shared","operation":"backup",
             "hostname":"db7","process_id":4242,"created_at":"{{time}}","refreshed_at":"{{time}}"}
            """);
    }
}

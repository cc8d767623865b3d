using Amphora.Storage;
using Amphora.Core.Repository;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.Repository;

/// <summary>Shared locks coexist, an exclusive lock excludes everything, dead holders stop blocking.</summary>
public sealed class RepositoryLockTests : IDisposable
{
    private static readonly LockOptions NoWait = new() { WaitUpTo = TimeSpan.Zero };
    private readonly TempDirectory _directory = new();
    private readonly LocalObjectStore _store;

    public RepositoryLockTests() => _store = new LocalObjectStore(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Shared_locks_coexist_and_exclude_an_exclusive_one()
    {
        await using (await Acquire(LockKind.Shared, "backup"))
        await using (await Acquire(LockKind.Shared, "backup"))
        {
            var error = await Assert.ThrowsAsync<RepositoryLockedException>(() => Acquire(LockKind.Exclusive, "purge"));
            Assert.Equal(2, error.Holders.Count);
            Assert.Contains("backup on", error.Message, StringComparison.Ordinal);
        }

        await using (await Acquire(LockKind.Exclusive, "purge"))
        {
            await Assert.ThrowsAsync<RepositoryLockedException>(() => Acquire(LockKind.Shared, "backup"));
            await Assert.ThrowsAsync<RepositoryLockedException>(() => Acquire(LockKind.Exclusive, "delete backups"));
        }

        Assert.Empty(Directory.Exists(Path.Combine(_directory.Path, "locks")) ? Directory.GetFiles(Path.Combine(_directory.Path, "locks")) : []);
    }

    [Fact]
    public async Task A_lock_not_refreshed_within_the_stale_time_blocks_nobody()
    {
        var dead = new LockRecord
        {
            Id = "dead",
            Kind = LockKind.Exclusive,
            Operation = "purge",
            Hostname = "gone",
            ProcessId = 1,
            CreatedAt = DateTimeOffset.UtcNow.AddHours(-3),
            RefreshedAt = DateTimeOffset.UtcNow.AddHours(-2),
        };
        await _store.PutAsync(RepositoryKeys.Lock("dead"), UploadSource.FromBytes(RepositoryJson.Serialize(dead)), CancellationToken.None);
        await using var held = await Acquire(LockKind.Exclusive, "purge");
        held.EnsureHeld();
    }

    [Fact]
    public async Task A_waiting_locker_gets_the_lock_once_the_holder_releases_it()
    {
        var holder = await Acquire(LockKind.Exclusive, "purge");
        var waiting = RepositoryLock.AcquireAsync(_store, LockKind.Shared, "backup", new LockOptions { WaitUpTo = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await holder.DisposeAsync();
        await using var acquired = await waiting;
        acquired.EnsureHeld();
    }

    private Task<RepositoryLock> Acquire(LockKind kind, string operation) => RepositoryLock.AcquireAsync(_store, kind, operation, NoWait, CancellationToken.None);
}

using Amphora.Storage;

namespace Amphora.Core.Repository;

/// <summary>
/// Shared/exclusive lock objects under <c>locks/</c>, so a purge never deletes content a running backup has decided not to
/// upload because the location already held it. Backups hold shared locks (any number at once); delete and purge hold an
/// exclusive one. Protocol: write our lock, then list the others; on conflict remove ours, back off and retry. Two writers
/// that race both see each other and both back off, so the store needs no compare-and-swap, only read-after-write listing.
/// Holders refresh their lock; one not refreshed within <see cref="LockOptions.StaleAfter"/> belongs to a dead process.
/// </summary>
public sealed class RepositoryLock : IAsyncDisposable
{
    private readonly IObjectStore _store;
    private readonly LockOptions _options;
    private readonly CancellationTokenSource _stopRefreshing = new();
    private LockRecord _record;
    private Task _refreshing = Task.CompletedTask;
    private DateTimeOffset _lastRefreshed;
    private Exception? _refreshFailure;

    private RepositoryLock(IObjectStore store, LockRecord record, LockOptions options)
    {
        _store = store;
        _record = record;
        _options = options;
        _lastRefreshed = record.RefreshedAt;
    }

    public string Key => RepositoryKeys.Lock(_record.Id);

    public static async Task<RepositoryLock> AcquireAsync(IObjectStore store, LockKind kind, string operation, LockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var deadline = DateTimeOffset.UtcNow + options.WaitUpTo;
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var record = new LockRecord
            {
                Id = $"{now:yyyyMMddTHHmmss}-{Guid.NewGuid():N}",
                Kind = kind,
                Operation = operation,
                Hostname = Environment.MachineName,
                ProcessId = Environment.ProcessId,
                CreatedAt = now,
                RefreshedAt = now,
            };
            var held = new RepositoryLock(store, record, options);
            await held.WriteAsync(cancellationToken).ConfigureAwait(false);
            var others = await ReadOthersAsync(store, record.Id, cancellationToken).ConfigureAwait(false);
            var conflicts = others.Where(o => !o.IsStale(options.StaleAfter, DateTimeOffset.UtcNow) && (kind == LockKind.Exclusive || o.Kind == LockKind.Exclusive)).ToList();
            if (conflicts.Count == 0)
            {
                held.StartRefreshing();
                return held;
            }

            await store.DeleteAsync(held.Key, cancellationToken).ConfigureAwait(false);
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new RepositoryLockedException(store.Location, operation, conflicts, options.StaleAfter);
            }

            var pause = TimeSpan.FromMilliseconds(Random.Shared.Next(200, 2000));
            await Task.Delay(pause < deadline - DateTimeOffset.UtcNow ? pause : deadline - DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The locks of other holders, live or stale.</summary>
    private static async Task<IReadOnlyList<LockRecord>> ReadOthersAsync(IObjectStore store, string? ownId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = new List<LockRecord>();
        await foreach (var info in store.ListAsync(RepositoryKeys.LocksPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (ownId is not null && info.Key == RepositoryKeys.Lock(ownId))
            {
                continue;
            }

            // A lock released between the listing and the read is simply gone.
            if (await RepositoryJson.ReadAsync<LockRecord>(store, info.Key, compressed: false, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Throws unless the lock is still ours: call before an act that relies on it (marking a backup complete, deleting).</summary>
    public void EnsureHeld()
    {
        if (_refreshFailure is not null || DateTimeOffset.UtcNow - _lastRefreshed > _options.StaleAfter - _options.RefreshEvery)
        {
            throw new StorageException(
                $"lost the {_record.Kind.ToString().ToLowerInvariant()} lock {Key} on {_store.Location} (not refreshed since {_lastRefreshed:u}): " +
                $"{_refreshFailure?.Message ?? "the location was unreachable too long"}. Nothing was marked complete or deleted; run the command again.",
                _refreshFailure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopRefreshing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _refreshing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopRefreshing.Dispose();
        await _store.DeleteAsync(Key, CancellationToken.None).ConfigureAwait(false);
    }

    private void StartRefreshing() => _refreshing = RefreshAsync(_stopRefreshing.Token);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await _store.StatAsync(Key, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new StorageException($"the lock object {Key} was removed by another process that judged it stale");
                }

                _record = _record with { RefreshedAt = DateTimeOffset.UtcNow };
                await WriteAsync(cancellationToken).ConfigureAwait(false);
                _lastRefreshed = _record.RefreshedAt;
            }
            catch (Exception e) when (e is StorageException or IOException)
            {
                _refreshFailure = e;
                return;
            }
        }
    }

    private Task WriteAsync(CancellationToken cancellationToken) => RepositoryJson.PutAsync(_store, Key, _record, compressed: false, cancellationToken);
}

public enum LockKind
{
    Shared,
    Exclusive,
}

/// <summary>How long to wait for a conflicting holder, how often to refresh, and when an unrefreshed lock counts as dead.</summary>
public sealed record LockOptions
{
    public TimeSpan WaitUpTo { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan RefreshEvery { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>The body of <c>locks/&lt;id&gt;.json</c>.</summary>
public sealed record LockRecord
{
    public string Format { get; init; } = "amphora-lock";

    public int FormatVersion { get; init; } = 1;

    public required string Id { get; init; }

    public required LockKind Kind { get; init; }

    /// <summary>What the holder is doing ("backup", "delete", "purge"), for the message others see.</summary>
    public required string Operation { get; init; }

    public required string Hostname { get; init; }

    public required int ProcessId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset RefreshedAt { get; init; }

    public bool IsStale(TimeSpan staleAfter, DateTimeOffset now) => now - RefreshedAt > staleAfter;
}

/// <summary>Another process holds a conflicting lock; the message says who, since when, and what to do.</summary>
public sealed class RepositoryLockedException(string location, string operation, IReadOnlyList<LockRecord> holders, TimeSpan staleAfter)
    : Exception($"cannot {operation}: {location} is in use by " +
        string.Join("; ", holders.Select(h => $"{h.Operation} on {h.Hostname} (pid {h.ProcessId}) since {h.CreatedAt:u}")) +
        $". Retry when it has finished. A lock not refreshed for {staleAfter.TotalMinutes:0} minutes is ignored, so a crashed holder blocks nobody for long.")
{
    public IReadOnlyList<LockRecord> Holders { get; } = holders;
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// Incremental passes end to end: a sandbox node with incremental_backups on links every flushed SSTable into backups/;
/// passes ship them to a local-disk location and remove the links they shipped.
/// </summary>
public sealed class IncrementalBackupTests : IDisposable
{
    private readonly BackupBench _bench = new(incrementalBackups: true);

    public void Dispose() => _bench.Dispose();

    [Fact]
    public async Task A_pass_ships_every_complete_SSTable_of_backups_and_removes_exactly_the_links_it_shipped()
    {
        WriteAndFlush(800, 0, indexes: ["orders_value_idx"]);
        WriteAndFlush(400, 800);
        // Files Cassandra never links there as SSTables: neither shipped nor removed.
        var backups = Path.Combine(_bench.Sandbox.TableDirectories("shop.orders")[0], "backups");
        var strangers = new[] { Path.Combine(backups, "notes.txt"), Path.Combine(backups, "nb-99-big-Data.db.tmp") };
        Array.ForEach(strangers, f => File.WriteAllText(f, "not an SSTable"));
        var shipped = BackupsDirectoriesOnDisk.Files(_bench).Where(f => !strangers.Contains(f.FullPath)).ToList();
        Assert.Contains(shipped, f => f.RelativePath.StartsWith(".orders_value_idx/nb-", StringComparison.Ordinal));
        var sums = IndependentChecks.Sha256Sums(shipped.Select(f => f.FullPath));
        var rows = _bench.Sandbox.DumpChecksum();
        var system = BackupsDirectoriesOnDisk.Files(_bench, "system");
        Assert.NotEmpty(system);

        var result = await PassAsync();

        Assert.Matches(@"^inc-\d{8}-\d{6}-\d{3}\z", result.Tag);
        var manifest = await _bench.ManifestAsync(result.Tag!);
        Assert.Equal((BackupKind.Incremental, "backups"), (manifest.Kind, manifest.SnapshotName));
        Assert.Equal(
            shipped.Select(f => $"{f.Line} {sums[f.FullPath]}").Order(StringComparer.Ordinal).ToList(),
            ManifestContent.Entries(manifest).Select(e => $"{e.File.DataDirectory} {e.Table.Keyspace}/{e.Table.Table}-{e.Table.TableId}/{e.File.Path} {e.File.Size} {e.File.Hash}")
                .Order(StringComparer.Ordinal).ToList());
        _bench.AssertContentIntact(manifest);
        Assert.All(manifest.Tables, t => Assert.Null(t.Schema));
        var sstables = manifest.Tables.SelectMany(t => t.SSTables).ToList();
        Assert.Equal(shipped.Count(f => f.RelativePath.EndsWith("-Data.db", StringComparison.Ordinal)), sstables.Count);
        Assert.All(sstables, s => Assert.NotNull(s.TimeBounds));
        Assert.Equal((shipped.Count, shipped.Sum(f => f.Size)), (result.Files, result.Bytes));
        Assert.Equal((shipped.Count, shipped.Sum(f => f.Size), 0L), (result.RemovedFiles, result.RemovedBytes, result.KeptFiles));

        // Exactly the shipped links are gone; the live SSTables they linked are untouched.
        Assert.Equal(strangers.Order(StringComparer.Ordinal), BackupsDirectoriesOnDisk.Files(_bench).Select(f => f.FullPath));
        Assert.Equal(rows, _bench.Sandbox.DumpChecksum());
        Assert.Equal(system, BackupsDirectoriesOnDisk.Files(_bench, "system")); // tables -K does not select keep their links
        Assert.All(_bench.ObjectKeys("index/"), k => Assert.EndsWith(".incremental.json", k, StringComparison.Ordinal));

        // A flush after the pass is the next pass's, and only it.
        WriteAndFlush(100, 5000);
        var fresh = BackupsDirectoriesOnDisk.Files(_bench).Where(f => !strangers.Contains(f.FullPath)).ToList();
        Assert.NotEmpty(fresh);
        var second = await PassAsync();
        Assert.NotEqual(result.Tag, second.Tag);
        Assert.Equal(fresh.Select(f => f.Line).Order(StringComparer.Ordinal), BackupsDirectoriesOnDisk.Lines(await _bench.ManifestAsync(second.Tag!)));

        // Nothing new: nothing written.
        var keys = _bench.ObjectKeys();
        var idle = await PassAsync();
        Assert.Equal((null, 0L), (idle.Tag, idle.Files));
        Assert.Equal(keys, _bench.ObjectKeys());
    }

    [Fact]
    public async Task Content_an_earlier_snapshot_backup_uploaded_is_not_uploaded_again()
    {
        WriteAndFlush(600, 0);
        _bench.Sandbox.Write("shop.orders", 200, startKey: 600); // flushed by the snapshot, and linked into backups/ by that flush
        await _bench.BackupAsync("full");
        var snapshot = await _bench.ManifestAsync("full");

        var result = await PassAsync();

        Assert.True(result.Files > 0);
        Assert.Equal((0L, 0L), (result.UploadedFiles, result.UploadedBytes));
        var manifest = await _bench.ManifestAsync(result.Tag!);
        Assert.Subset(ManifestContent.Hashes(snapshot), ManifestContent.Hashes(manifest));
        var listed = (await new BackupCatalog(await _bench.RepositoryAsync()).ListAsync(CancellationToken.None)).ToDictionary(b => b.Tag);
        Assert.Equal((BackupKind.Incremental, 0L, result.Bytes), (listed[result.Tag!].Kind, listed[result.Tag!].NewBytes, listed[result.Tag!].Bytes));
        Assert.Equal(BackupKind.Snapshot, listed["full"].Kind);
    }

    [Fact]
    public async Task An_SSTable_missing_a_component_its_TOC_lists_waits_for_the_next_pass()
    {
        WriteAndFlush(500, 0);
        _bench.Sandbox.Write("shop.customers", 300);
        _bench.Sandbox.NodetoolOk("flush", "shop");
        var orders = BackupsDirectoriesOnDisk.Files(_bench).Where(f => f.Table == "orders").ToList();
        var toc = orders.First(f => f.RelativePath.EndsWith("-TOC.txt", StringComparison.Ordinal));
        var prefix = toc.RelativePath[..^"TOC.txt".Length];
        var component = File.ReadAllLines(toc.FullPath).First(c => c is not ("TOC.txt" or "Data.db"));
        var missing = orders.Single(f => f.RelativePath == prefix + component);
        File.Delete(missing.FullPath); // as if Cassandra had not linked it yet
        var incomplete = orders.Where(f => f.RelativePath.StartsWith(prefix, StringComparison.Ordinal) && f != missing).ToList();

        var first = await PassAsync();

        Assert.Equal(1, first.WaitingSSTables);
        Assert.DoesNotContain(BackupsDirectoriesOnDisk.Lines(await _bench.ManifestAsync(first.Tag!)), l => incomplete.Any(f => f.Line == l));
        Assert.Equal(incomplete.Select(f => f.FullPath), BackupsDirectoriesOnDisk.Files(_bench).Select(f => f.FullPath));

        HardLink.Create(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(missing.FullPath)!)!, Path.GetFileName(missing.FullPath)), missing.FullPath);
        var second = await PassAsync();

        Assert.Equal(0, second.WaitingSSTables);
        Assert.Equal([.. incomplete.Append(missing).Select(f => f.Line).Order(StringComparer.Ordinal)], BackupsDirectoriesOnDisk.Lines(await _bench.ManifestAsync(second.Tag!)));
        Assert.Empty(BackupsDirectoriesOnDisk.Files(_bench));
    }

    [Fact]
    public async Task A_failing_location_leaves_every_local_link_in_place_and_the_next_pass_reuses_what_went_up()
    {
        WriteAndFlush(800, 0);
        WriteAndFlush(300, 800);
        var before = BackupsDirectoriesOnDisk.Files(_bench).Select(f => (f.FullPath, IndependentChecks.Stat(f.FullPath).Inode)).ToList();
        var contentPuts = 0;
        var failing = new FaultInjectingObjectStore(_bench.Store())
        {
            FailCall = (operation, key, _) => operation == "put" && key.StartsWith("content/", StringComparison.Ordinal) && Interlocked.Increment(ref contentPuts) > 2
                ? new StorageException("injected: the location refuses uploads")
                : null,
        };

        var failed = await Assert.ThrowsAsync<BackupFailedException>(() => PassAsync(failing));
        Assert.Contains("left in place", failed.Message, StringComparison.Ordinal);
        Assert.Equal(before, BackupsDirectoriesOnDisk.Files(_bench).Select(f => (f.FullPath, IndependentChecks.Stat(f.FullPath).Inode)));

        // Killed between the manifest and the complete marker: still nothing deleted.
        var noMarker = new FaultInjectingObjectStore(_bench.Store())
        {
            FailCall = (operation, key, _) => key.Contains("/complete.", StringComparison.Ordinal) ? new StorageException("injected: lost the location") : null,
        };
        await Assert.ThrowsAsync<BackupFailedException>(() => PassAsync(noMarker));
        Assert.Equal(before, BackupsDirectoriesOnDisk.Files(_bench).Select(f => (f.FullPath, IndependentChecks.Stat(f.FullPath).Inode)));
        Assert.DoesNotContain(_bench.ObjectKeys("index/"), k => k.Contains("/complete.", StringComparison.Ordinal));

        // The next pass ships them all, and finds every content object already uploaded.
        var result = await PassAsync();
        Assert.Equal((before.Count, 0L, (long)before.Count), (result.Files, result.UploadedBytes, result.RemovedFiles));
        Assert.Empty(BackupsDirectoriesOnDisk.Files(_bench));
        var incomplete = (await new BackupCatalog(await _bench.RepositoryAsync()).ListAsync(CancellationToken.None)).Where(b => !b.IsComplete).ToList();
        Assert.Equal(2, incomplete.Count);
        Assert.All(incomplete, b => Assert.Equal(BackupKind.Incremental, b.Kind));
    }

    [Fact]
    public async Task A_manifest_whose_kind_differs_from_its_markers_is_refused()
    {
        WriteAndFlush(200, 0);
        var result = await PassAsync();
        foreach (var key in _bench.ObjectKeys("index/"))
        {
            File.Move(_bench.ObjectPath(key), _bench.ObjectPath(key.Replace(".incremental.json", ".json", StringComparison.Ordinal)));
        }

        var repository = await _bench.RepositoryAsync();
        var part = Assert.Single(await repository.ListNodeBackupsAsync(CancellationToken.None));
        Assert.Equal((result.Tag, BackupKind.Snapshot), (part.Tag, part.Kind));
        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => repository.ReadManifestAsync(part, CancellationToken.None));
        Assert.Contains("kind is 'incremental', but the backup's index markers say 'snapshot'", refused.Message, StringComparison.Ordinal);
        var report = await new RepositoryCheck(repository, new RecordingCheckProgress()).RunAsync(new CheckOptions { OrphanGrace = TimeSpan.FromDays(1) }, CancellationToken.None);
        Assert.Contains(report.Problems, p => p.Kind == CheckProblemKind.UnreadableManifest);
    }

    [Fact]
    public async Task A_watch_ships_new_flushes_by_itself_and_stops_cleanly_when_cancelled()
    {
        WriteAndFlush(300, 0);
        var repository = await _bench.RepositoryAsync();
        var backup = new IncrementalBackup(_bench.Node(), repository, ContentHashCache.Load(_bench.CacheDirectory()), new RecordingProgress());
        var shipped = Channel.CreateUnbounded<IncrementalBackupResult>();
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var watch = IncrementalBackupWatch.RunAsync(
            token => backup.RunAsync(new IncrementalBackupRequest { Tables = "shop" }, token),
            TimeSpan.FromMilliseconds(50),
            r => shipped.Writer.TryWrite(r),
            failures.Enqueue,
            stop.Token);

        await ShippedAsync(shipped, repository, []);
        var liveBefore = _bench.Sandbox.LiveDataFiles("shop.orders").Select(Path.GetFileName).ToHashSet();
        WriteAndFlush(200, 300);
        var flushed = _bench.Sandbox.LiveDataFiles("shop.orders").Select(Path.GetFileName).Where(f => !liveBefore.Contains(f)).ToList();
        Assert.NotEmpty(flushed);
        await ShippedAsync(shipped, repository, flushed!);

        await stop.CancelAsync();
        var passes = await watch;
        Assert.True(passes >= 2, $"{passes} passes");
        Assert.Empty(failures);
        Assert.Empty(BackupsDirectoriesOnDisk.Files(_bench));
    }

    [Fact]
    public async Task A_watch_cancelled_during_a_pass_stops_cleanly_and_deletes_nothing()
    {
        WriteAndFlush(500, 0);
        var before = BackupsDirectoriesOnDisk.Files(_bench).Select(f => f.FullPath).ToList();
        using var stop = new CancellationTokenSource();
        var store = new FaultInjectingObjectStore(_bench.Store())
        {
            // Ctrl-C arrives while the first content object goes up.
            FailCall = (operation, key, _) =>
            {
                if (operation == "put" && key.StartsWith("content/", StringComparison.Ordinal))
                {
                    stop.Cancel();
                    return new OperationCanceledException(stop.Token);
                }

                return null;
            },
        };
        var repository = await _bench.RepositoryAsync(store);
        var backup = new IncrementalBackup(_bench.Node(), repository, ContentHashCache.Load(_bench.CacheDirectory()), new RecordingProgress());
        var failures = new ConcurrentQueue<Exception>();

        var passes = await IncrementalBackupWatch.RunAsync(
            token => backup.RunAsync(new IncrementalBackupRequest { Tables = "shop" }, token), TimeSpan.FromMinutes(10), _ => { }, failures.Enqueue, stop.Token);

        Assert.Equal(0, passes);
        Assert.Empty(failures);
        Assert.Equal(before, BackupsDirectoriesOnDisk.Files(_bench).Select(f => f.FullPath));
        Assert.DoesNotContain(_bench.ObjectKeys("index/"), k => k.Contains("/complete.", StringComparison.Ordinal));
    }

    /// <summary>Waits for passes until the Data.db files named have been shipped (any at all when none are named).</summary>
    private static async Task ShippedAsync(Channel<IncrementalBackupResult> results, BackupRepository repository, IReadOnlyCollection<string> dataFiles)
    {
        // A guard against a hang, not a timing assertion: passes run every 50 ms.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var result in results.Reader.ReadAllAsync(guard.Token))
        {
            if (result.Tag is null)
            {
                continue;
            }

            var manifest = await repository.ReadManifestAsync(result.Cluster, result.Tag, result.HostId, CancellationToken.None);
            seen.UnionWith(manifest!.Files.Select(f => TableFilePath.FileName(f.Path)));
            if (dataFiles.All(seen.Contains))
            {
                return;
            }
        }
    }

    private void WriteAndFlush(int rows, long startKey, IReadOnlyList<string>? indexes = null)
    {
        _bench.Sandbox.Write("shop.orders", rows, startKey, creation: new() { Indexes = indexes ?? [] });
        _bench.Sandbox.NodetoolOk("flush", "shop");
    }

    private async Task<IncrementalBackupResult> PassAsync(IObjectStore? store = null) =>
        await new IncrementalBackup(_bench.Node(), await _bench.RepositoryAsync(store), ContentHashCache.Load(_bench.CacheDirectory()), new RecordingProgress())
            .RunAsync(new IncrementalBackupRequest { Tables = "shop" }, CancellationToken.None);
}

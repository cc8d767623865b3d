using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Nodes;
using Amphora.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>Bad input and failures part way: a backup refuses or stops with a message that says what happened, and damages nothing.</summary>
public sealed class FailedBackupTests
{
    [Fact]
    public async Task Reusing_a_tag_is_refused_and_the_first_backup_is_untouched()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 500);
        await bench.BackupAsync("b1");
        var before = Fingerprint(bench);

        var refused = await Assert.ThrowsAsync<BackupTagInUseException>(() => bench.BackupAsync("b1"));

        Assert.Contains("'b1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint(bench));
        Assert.Empty(bench.AllSnapshotDirectories());
        var listed = Assert.Single(await new BackupCatalog(await bench.RepositoryAsync()).ListAsync(CancellationToken.None));
        Assert.True(listed.IsComplete);
        bench.AssertContentIntact(await bench.ManifestAsync("b1"));
    }

    [Fact]
    public async Task A_filter_matching_no_table_names_the_tables_there_are_and_leaves_node_and_location_alone()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 100);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => bench.BackupAsync(new BackupRequest { Tag = "b1", Tables = "nosuch.*" }));

        Assert.Contains("'nosuch.*' matches no table", refused.Message, StringComparison.Ordinal);
        Assert.Contains("shop.orders", refused.Message, StringComparison.Ordinal);
        Assert.Contains("There are no snapshots", bench.Sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
        Assert.Empty(bench.AllSnapshotDirectories());
        Assert.Equal(["amphora-repository.json"], bench.ObjectKeys());
    }

    [Theory]
    [InlineData(false, "the local snapshot amphora-b1 was cleared")]
    [InlineData(true, "the local snapshot amphora-b1 was kept (--keep-snapshot)")]
    public async Task A_full_location_fails_the_backup_without_marking_it_complete_or_storing_a_damaged_object(bool keepSnapshot, string snapshotFate)
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 2000);
        var contentPuts = 0;
        var full = new InterceptingObjectStore(bench.Store(), async (key, content, cancellationToken) =>
        {
            if (key.StartsWith("content/", StringComparison.Ordinal) && Interlocked.Increment(ref contentPuts) == 3)
            {
                await using var stream = content.Open();
                Assert.True(await stream.ReadAsync(new byte[100], cancellationToken) > 0);
                throw new StorageException(
                    $"cannot store {key} in file:/backups: No space left on device (the location is full; free space there or choose another location)");
            }
        });

        var failure = await Assert.ThrowsAsync<BackupFailedException>(
            () => bench.BackupAsync(new BackupRequest { Tag = "b1", KeepSnapshot = keepSnapshot }, store: full));

        Assert.Contains("No space left on device", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was marked complete", failure.Message, StringComparison.Ordinal);
        Assert.Contains(snapshotFate, failure.Message, StringComparison.Ordinal);
        Assert.IsType<StorageException>(failure.InnerException);

        var listed = Assert.Single(await new BackupCatalog(await bench.RepositoryAsync()).ListAsync(CancellationToken.None));
        Assert.Equal(("b1", false), (listed.Tag, listed.IsComplete));
        Assert.Empty(bench.ObjectKeys("backups/"));
        Assert.Empty(bench.ObjectKeys("locks/"));

        // Whatever content did get stored is whole: named by the SHA-256 of its bytes.
        var stored = bench.ObjectKeys("content/");
        var sums = IndependentChecks.Sha256Sums(stored.Select(bench.ObjectPath));
        Assert.All(stored, key => Assert.Equal(key.Split('/')[^1], sums[bench.ObjectPath(key)]));

        var snapshots = bench.AllSnapshotDirectories();
        if (keepSnapshot)
        {
            Assert.NotEmpty(snapshots);
            Assert.All(snapshots, d => Assert.Equal("amphora-b1", Path.GetFileName(d)));
            Assert.Contains("amphora-b1", bench.Sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(snapshots);
        }
    }

    [Fact]
    public async Task A_stopped_node_fails_the_backup_before_anything_is_written()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 100);
        bench.Sandbox.Node().Stop();

        var failure = await Assert.ThrowsAsync<NodetoolException>(() => bench.BackupAsync("b1"));

        Assert.Contains("Failed to connect", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["amphora-repository.json"], bench.ObjectKeys());
    }

    [Fact]
    public async Task A_nodetool_that_does_not_exist_fails_saying_it_could_not_run()
    {
        using var bench = new BackupBench();
        var missing = Path.Combine(bench.Sandbox.Path, "no-such-dir", "nodetool");

        var failure = await Assert.ThrowsAsync<NodetoolException>(() => bench.BackupAsync(new BackupRequest { Tag = "b1" }, adapter: bench.Node(nodetool: missing)));

        Assert.Contains("could not run", failure.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
        Assert.Equal(-1, failure.ExitCode);
        Assert.Equal(["amphora-repository.json"], bench.ObjectKeys());
    }

    /// <summary>Every object in the location with its size and modification time.</summary>
    private static List<string> Fingerprint(BackupBench bench) =>
        bench.ObjectKeys().Select(k => $"{k} {new FileInfo(bench.ObjectPath(k)).Length} {File.GetLastWriteTimeUtc(bench.ObjectPath(k)).Ticks}").ToList();
}

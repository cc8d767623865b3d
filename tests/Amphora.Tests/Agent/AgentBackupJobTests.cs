using System.Globalization;
using Amphora.Api.Agent;
using Amphora.Core.Catalog;

namespace Amphora.Tests.Agent;

/// <summary>Snapshots and backup jobs through a real agent over HTTPS, against the sandbox node and a file: location.</summary>
public sealed class AgentBackupJobTests
{
    [Fact]
    public async Task A_snapshot_then_a_backup_job_completes_with_per_table_progress_and_clears_the_snapshot()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 1500);
        bench.Sandbox.Write("shop.customers", 300);
        await bench.StartAsync();
        var client = bench.Client();

        await client.TakeSnapshotAsync(new SnapshotRequest("s1", "shop.*"), CancellationToken.None);
        var snapshot = Assert.Single(await client.SnapshotsAsync(CancellationToken.None));
        Assert.Equal("s1", snapshot.Name);
        Assert.True(snapshot.SizeOnDiskBytes > 0);

        var started = await client.StartBackupAsync(Request("job-1", "b1", "s1", bench.Location), CancellationToken.None);
        Assert.Equal((JobKind.Backup, "job-1"), (started.Kind, started.Id));
        var ended = await AgentBench.WaitAsync(client, "job-1");

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        var manifest = await bench.Backup.ManifestAsync("b1");
        Assert.Equal(
            manifest.Tables.Select(t => $"{t.Keyspace}.{t.Table} {t.Files.Count} {t.Files.Sum(f => f.Size)}").Order(StringComparer.Ordinal),
            ended.Tables.Select(t => $"{t.Keyspace}.{t.Table} {t.Counters.Files} {t.Counters.Bytes}").Order(StringComparer.Ordinal));
        Assert.Equal(["shop.customers", "shop.orders"], ended.Tables.Select(t => $"{t.Keyspace}.{t.Table}"));
        Assert.All(ended.Tables, t => Assert.Equal((t.Counters.Files, t.Counters.Bytes, 0L), (t.Counters.DoneFiles, t.Counters.DoneBytes, t.Counters.FailedFiles)));
        Assert.Contains(ended.Summary, line => line.StartsWith("backup b1 of node", StringComparison.Ordinal));
        Assert.Empty(await client.SnapshotsAsync(CancellationToken.None));
        Assert.True((await new BackupCatalog(await bench.Backup.RepositoryAsync()).ListAsync(CancellationToken.None)).Single().IsComplete);

        // The same id again returns the ended job: nothing starts twice.
        var again = await client.StartBackupAsync(Request("job-1", "b1", "s1", bench.Location), CancellationToken.None);
        Assert.Equal((JobState.Succeeded, ended.FinishedAt), (again.State, again.FinishedAt));

        // A complete part is never continued: another job with the same tag fails, naming the tag.
        await client.TakeSnapshotAsync(new SnapshotRequest("s2", "shop.*"), CancellationToken.None);
        await client.StartBackupAsync(Request("job-2", "b1", "s2", bench.Location), CancellationToken.None);
        var refused = await AgentBench.WaitAsync(client, "job-2");
        Assert.Equal(JobState.Failed, refused.State);
        Assert.Contains("b1", refused.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(bench.Backup.Location, "index"), "complete.*", SearchOption.AllDirectories));

        // The metrics count what the job did.
        var metrics = await client.MetricsAsync(CancellationToken.None);
        var total = AgentBench.Total(ended);
        Assert.Contains("amphora_agent_jobs_total{kind=\"backup\",status=\"succeeded\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("amphora_agent_jobs_total{kind=\"backup\",status=\"failed\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"amphora_agent_transfer_bytes_total{{kind=\"uploaded\"}} {total.UploadedBytes.ToString(CultureInfo.InvariantCulture)}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"amphora_agent_transfer_files_total{{kind=\"uploaded\"}} {total.UploadedFiles.ToString(CultureInfo.InvariantCulture)}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"amphora_agent_last_successful_backup_timestamp_seconds {ended.FinishedAt!.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\n", metrics, StringComparison.Ordinal);
        var trueSize = (await client.SnapshotsAsync(CancellationToken.None)).Sum(snapshot => snapshot.TrueSizeBytes);
        Assert.Contains($"amphora_agent_snapshot_true_size_bytes {trueSize.ToString(CultureInfo.InvariantCulture)}\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_backup_started_again_with_the_same_tag_finishes_without_sending_what_was_already_sent()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 3000, valueSize: 1000);
        bench.Sandbox.Write("shop.customers", 1000, valueSize: 1000);
        await bench.StartAsync();
        var client = bench.Client();
        await client.TakeSnapshotAsync(new SnapshotRequest("s1", "shop.*"), CancellationToken.None);

        // Slow and one file at a time, so the job is stopped between files, with some sent and some not.
        await client.StartBackupAsync(Request("job-1", "b1", "s1", bench.Location) with { Transfers = 1, RateLimitMebibytesPerSecond = 0.5 }, CancellationToken.None);
        var midway = await AgentBench.WaitAsync(client, "job-1", status => AgentBench.Total(status).UploadedFiles >= 2);
        Assert.Equal(JobState.Running, midway.State);
        var cancelled = await client.CancelJobAsync("job-1", CancellationToken.None);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        var first = AgentBench.Total(cancelled);
        Assert.True(first.DoneFiles < first.Files, $"the first job did all {first.Files} files before it was cancelled");
        Assert.Contains("s1", (await client.SnapshotsAsync(CancellationToken.None)).Select(s => s.Name));

        var resumed = await client.StartBackupAsync(Request("job-2", "b1", "s1", bench.Location), CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, resumed.Id);

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        var second = AgentBench.Total(ended);
        Assert.Equal(first.Files, second.Files);
        // Every file the first job finished is found in the location: the second job sends none of those bytes again.
        Assert.True(second.SkippedBytes >= first.DoneBytes, $"resumed job skipped {second.SkippedBytes} bytes; the first job had finished {first.DoneBytes}");
        Assert.True(second.UploadedBytes <= second.Bytes - first.DoneBytes);
        Assert.True(second.UploadedFiles > 0);
        var part = Assert.Single(await new BackupCatalog(await bench.Backup.RepositoryAsync()).ListAsync(CancellationToken.None));
        Assert.True(part.IsComplete);
        var startedMarkers = Directory.GetFiles(Path.Combine(bench.Backup.Location, "index"), "started.*", SearchOption.AllDirectories);
        Assert.Single(startedMarkers);
        bench.Backup.AssertContentIntact(await bench.Backup.ManifestAsync("b1"));
    }

    [Fact]
    public async Task A_second_backup_job_while_one_runs_is_refused_with_409_naming_the_running_job()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 3000, valueSize: 1000);
        await bench.StartAsync();
        var client = bench.Client();
        await client.TakeSnapshotAsync(new SnapshotRequest("s1", "shop.*"), CancellationToken.None);
        await client.StartBackupAsync(Request("slow", "b1", "s1", bench.Location) with { Transfers = 1, RateLimitMebibytesPerSecond = 0.25 }, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.StartBackupAsync(Request("other", "b2", "s1", bench.Location), CancellationToken.None));
        Assert.Contains("job slow (backup) is running on this node", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AgentJobNotFoundException>(() => client.JobAsync("other", CancellationToken.None));
        var restore = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartRestoreAsync(
            new RestoreJobRequest { JobId = "restore", Mode = "import", Locations = bench.Location }, CancellationToken.None));
        Assert.Contains("job slow (backup) is running on this node and a restore runs alone", restore.Message, StringComparison.Ordinal);

        Assert.Equal(JobState.Cancelled, (await client.CancelJobAsync("slow", CancellationToken.None)).State);
        var metrics = await client.MetricsAsync(CancellationToken.None);
        Assert.Contains("amphora_agent_jobs_total{kind=\"backup\",status=\"cancelled\"} 1\n", metrics, StringComparison.Ordinal);
    }

    private static BackupJobRequest Request(string jobId, string tag, string snapshot, string location) =>
        new() { JobId = jobId, Tag = tag, SnapshotName = snapshot, Locations = location, Tables = "shop.*" };
}

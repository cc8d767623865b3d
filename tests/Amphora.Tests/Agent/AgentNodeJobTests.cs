using System.Globalization;
using Amphora.Api.Agent;
using Amphora.Core.CommitLogs;
using Amphora.Storage.Local;

namespace Amphora.Tests.Agent;

/// <summary>The agent's other operations against the sandbox node: the backup plan, incremental and commit log jobs, a restore.</summary>
public sealed class AgentNodeJobTests
{
    [Fact]
    public async Task The_plan_counts_every_live_sstable_to_upload_until_a_backup_has_hashed_and_sent_them()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 800);
        bench.Sandbox.NodetoolOk("flush", "shop");
        await bench.StartAsync();
        var client = bench.Client();
        var live = bench.Sandbox.TableDirectories("shop.orders").SelectMany(d => Directory.GetFiles(d)).Where(p => Path.GetFileName(p).StartsWith("nb-", StringComparison.Ordinal)).ToList();

        var before = await client.PlanBackupAsync(new BackupPlanRequest("shop.orders", bench.Location), CancellationToken.None);
        Assert.Equal(["shop.orders"], before.Tables);
        Assert.Equal((live.Count, live.Sum(p => new FileInfo(p).Length)), (before.Files, before.Bytes));
        Assert.Equal((before.Files, before.Bytes), (before.FilesToUpload, before.BytesToUpload));
        Assert.False(Directory.Exists(bench.Backup.Location), "a dry run wrote to the location");

        await BackUpAsync(bench, client, "shop.orders");

        var after = await client.PlanBackupAsync(new BackupPlanRequest("shop.orders", bench.Location), CancellationToken.None);
        Assert.Equal((before.Files, before.Bytes, 0L, 0L), (after.Files, after.Bytes, after.FilesToUpload, after.BytesToUpload));
    }

    [Fact]
    public async Task An_incremental_job_ships_the_backups_links_and_the_backlog_metric_drops_to_zero()
    {
        await using var bench = new AgentBench(incrementalBackups: true);
        await bench.StartAsync();
        var client = bench.Client();
        bench.Sandbox.Write("shop.orders", 500);
        bench.Sandbox.NodetoolOk("flush", "shop");
        var waiting = bench.Sandbox.TableDirectories("shop.orders").SelectMany(d => Directory.GetFiles(Path.Combine(d, "backups"))).ToList();
        Assert.NotEmpty(waiting);
        var waitingBytes = waiting.Sum(p => new FileInfo(p).Length);
        // The gauge covers every table's backups/ directory, the system tables' flushed links included.
        var everyTable = bench.Backup.DataDirectories().SelectMany(d => Directory.GetDirectories(d, "backups", SearchOption.AllDirectories))
            .SelectMany(Directory.GetFiles).ToList();
        var backlog = await client.MetricsAsync(CancellationToken.None);
        Assert.True(backlog.Contains($"amphora_agent_incremental_backlog_bytes {everyTable.Sum(p => new FileInfo(p).Length).ToString(CultureInfo.InvariantCulture)}\n", StringComparison.Ordinal), backlog);

        await client.StartIncrementalAsync(new IncrementalJobRequest { JobId = "i1", Tables = "shop.*", Locations = bench.Location }, CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, "i1");

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        var orders = Assert.Single(ended.Tables);
        Assert.Equal(("shop", "orders", (long)waiting.Count, waitingBytes), (orders.Keyspace, orders.Table, orders.Counters.Files, orders.Counters.DoneBytes));
        Assert.All(waiting, p => Assert.False(File.Exists(p), $"{p} was shipped but is still there"));
        var metrics = await client.MetricsAsync(CancellationToken.None);
        Assert.Contains($"amphora_agent_incremental_backlog_files {everyTable.Count - waiting.Count}\n", metrics, StringComparison.Ordinal);
        Assert.Contains("amphora_agent_jobs_total{kind=\"incremental\",status=\"succeeded\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_log_ship_job_uploads_the_spooled_segments_and_empties_the_backlog()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("ks.t", 12_000, valueSize: 120); // over one 1 MiB segment
        var commitLog = bench.Sandbox.Config().CommitLogDirectory;
        var finished = Directory.GetFiles(commitLog, "CommitLog-*.log").OrderBy(p => CommitLogSegmentName.TryParse(Path.GetFileName(p))!.Id).SkipLast(1).ToList();
        Assert.NotEmpty(finished);
        foreach (var segment in finished)
        {
            SegmentSpool.Archive(segment, Path.GetFileName(segment), null);
        }

        await bench.StartAsync();
        var client = bench.Client();
        Assert.Contains($"amphora_agent_commitlog_backlog_segments {finished.Count}\n", await client.MetricsAsync(CancellationToken.None), StringComparison.Ordinal);

        await client.StartCommitLogShipAsync(new CommitLogShipJobRequest { JobId = "c1", Locations = bench.Location }, CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, "c1");

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        Assert.Equal(finished.Count, ended.Summary.Count(l => l.StartsWith("shipped CommitLog-", StringComparison.Ordinal)));
        var archived = await new CommitLogArchive(new LocalObjectStore(bench.Backup.Location)).ListAllAsync(CancellationToken.None);
        Assert.Equal(finished.Select(Path.GetFileName), archived.Select(s => s.Name));
        Assert.Contains("amphora_agent_commitlog_backlog_segments 0\n", await client.MetricsAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_job_imports_the_nodes_backup_into_the_running_node_after_a_truncate()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 600);
        var atBackup = bench.Sandbox.DumpChecksum("shop.orders");
        await bench.StartAsync();
        var client = bench.Client();
        await BackUpAsync(bench, client, "shop.*");
        bench.Sandbox.Node().Truncate("shop.orders");
        Assert.NotEqual(atBackup, bench.Sandbox.DumpChecksum("shop.orders"));

        await client.StartRestoreAsync(new RestoreJobRequest { JobId = "r", Tag = "b1", Mode = "import", Tables = "shop.orders", Locations = bench.Location }, CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, "r");

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        Assert.Equal(atBackup, bench.Sandbox.DumpChecksum("shop.orders"));
        Assert.Contains(ended.Summary, line => line.StartsWith("restored 1 table(s) of backup b1", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<AgentRequestException>(() => client.StartRestoreAsync(
            new RestoreJobRequest { JobId = "r2", Mode = "sideways", Locations = bench.Location }, CancellationToken.None));
        Assert.Contains("restore mode 'sideways'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_place_restore_job_puts_the_backup_back_into_the_stopped_node()
    {
        await using var bench = new AgentBench();
        bench.Sandbox.Write("shop.orders", 400);
        var atBackup = bench.Sandbox.DumpChecksum("shop.orders");
        await bench.StartAsync();
        var client = bench.Client();
        await BackUpAsync(bench, client, "shop.*");
        bench.Sandbox.Write("shop.orders", 300, startKey: 10_000);
        Assert.NotEqual(atBackup, bench.Sandbox.DumpChecksum("shop.orders"));
        bench.Sandbox.Node().Stop();

        await client.StartRestoreAsync(new RestoreJobRequest { JobId = "r", Tag = "b1", Mode = "in-place", Tables = "shop.orders", Locations = bench.Location }, CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, "r");

        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        Assert.Contains(ended.Summary, line => line.Contains($"(node {bench.Backup.HostId()}) by in-place", StringComparison.Ordinal));
        bench.Sandbox.Node().Start();
        Assert.Equal(atBackup, bench.Sandbox.DumpChecksum("shop.orders"));
    }

    [Fact]
    public async Task A_request_without_its_required_fields_is_refused_with_400_and_the_reason()
    {
        await using var bench = new AgentBench();
        await bench.StartAsync();
        using var http = bench.RawHttp();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AgentBench.Token);

        using var response = await http.PostAsync("v1/jobs/backup", new StringContent("{\"jobId\": \"j\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BackupJobRequest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<AgentRequestException>(() => bench.Client().StartBackupAsync(
            new BackupJobRequest { JobId = "j", Tag = "bad tag!", SnapshotName = "s", Locations = bench.Location }, CancellationToken.None));
        Assert.Contains("bad tag!", refused.Message, StringComparison.Ordinal);
        var badRate = await Assert.ThrowsAsync<AgentRequestException>(() => bench.Client().StartIncrementalAsync(
            new IncrementalJobRequest { JobId = "j", Locations = bench.Location, RateLimitMebibytesPerSecond = -1 }, CancellationToken.None));
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, true), (badRate.Status, badRate.Message.Contains("rate limit -1 MiB/s", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<AgentJobNotFoundException>(() => bench.Client().JobAsync("j", CancellationToken.None));
    }

    /// <summary>Snapshot s1 of the tables, then backup b1 of it through the agent.</summary>
    private static async Task BackUpAsync(AgentBench bench, AgentClient client, string tables)
    {
        await client.TakeSnapshotAsync(new SnapshotRequest("s1", tables), CancellationToken.None);
        await client.StartBackupAsync(new BackupJobRequest { JobId = "b", Tag = "b1", SnapshotName = "s1", Tables = tables, Locations = bench.Location }, CancellationToken.None);
        var ended = await AgentBench.WaitAsync(client, "b");
        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
    }
}

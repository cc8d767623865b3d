using System.Text.Json;
using Amphora.Api.Server;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cluster;

/// <summary>
/// Issue 8's proof, in one run on 127.0.0.1 with real processes: a 3-node, 2-datacenter sandbox cluster with an agent per
/// node and the server; a scheduled backup runs by itself, is stopped mid-upload and started again without re-uploading
/// completed content; an agent killed mid-run fails the run and the retry completes; retention purges the oldest backups;
/// a Scylla-flavoured node is backed up through its REST API; the CLI drives everything; the metrics report the runs.
/// </summary>
public sealed class ManagedClusterBackupTests
{
    private const string Task = "nightly";

    [Fact]
    public async Task A_scheduled_cluster_backup_survives_stop_start_and_a_killed_agent_and_keeps_only_the_newest_backups()
    {
        await using var bench = await ManagedClusterBench.StartServerAsync();
        var sandbox = bench.AddSandbox(new SandboxHarness(nodes: 3, datacenters: 2));
        var nodes = new[] { "node1", "node2", "node3" };
        foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
        {
            sandbox.Write("shop.orders", 3000, startKey: i * 100_000, node: node, valueSize: 512);
            sandbox.NodetoolOn(node, "flush");
        }

        var agents = new List<string>();
        foreach (var node in nodes)
        {
            agents.Add(await bench.StartAgentAsync(sandbox, node));
        }

        var location = Path.Combine(bench.Root, "location");
        var added = bench.CliOk("cluster", "add", "--name", "prod", "--agent", string.Join(',', agents), "--token", ManagedClusterBench.AgentToken);
        Assert.Contains("3 nodes in dc1, dc2", added, StringComparison.Ordinal);

        // Slow enough that the upload is still going when it is stopped: about four seconds per node.
        var bytesPerNode = sandbox.LiveDataFiles("shop.orders", "node1").Sum(f => new FileInfo(f).Length) * 2;
        var rate = ManagedClusterBench.Invariant(Math.Max(0.05, bytesPerNode / 4.0 / (1024 * 1024)));
        using (var dryRun = JsonDocument.Parse(bench.CliOk("task", "backup", "--cluster", "prod", "--name", Task, "--location", "file:" + location,
            "--interval", "1h", "--rate-limit", rate, "--dry-run", "--output", "json")))
        {
            // Every node asked through its agent; nothing hashed yet, so everything is to upload; nothing created anywhere.
            var planned = dryRun.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("plan")).ToList();
            Assert.Equal(3, planned.Count);
            Assert.All(planned, plan => Assert.True(plan.GetProperty("files").GetInt64() > 0 && plan.GetProperty("bytes_to_upload").GetInt64() == plan.GetProperty("bytes").GetInt64()));
            Assert.Equal(["dc1", "dc2"], dryRun.RootElement.GetProperty("locations").EnumerateObject().Select(p => p.Name));
            Assert.False(Directory.Exists(location));
            Assert.Empty(await bench.Client.TasksAsync("prod", CancellationToken.None));
        }

        var created = bench.CliOk("task", "backup", "--cluster", "prod", "--name", Task, "--location", "file:" + location, "--interval", "1h",
            "--start-at", DateTimeOffset.UtcNow.AddSeconds(2).ToString("O"), "--retention", "2", "--rate-limit", rate, "--transfers", "1",
            "--retry-wait", "5s", "--incomplete-grace", "1s");
        Assert.Contains($"Task {Task}", created, StringComparison.Ordinal);

        // The schedule starts the first run by itself; stop it once some content is up, but not all.
        var first = await bench.WaitForRunAsync("prod", Task, r => r.Nodes.Any(n => n.Totals.DoneFiles > 0), "the scheduled run to upload something");
        Assert.Contains("continues on start", bench.CliOk("task", "stop", Task, "--cluster", "prod"), StringComparison.Ordinal);
        var stopped = await bench.WaitForRunAsync("prod", Task, r => r.Status == RunStatus.Stopped, "the run to stop");
        Assert.Equal(first.Id, stopped.Id);
        Assert.Contains(stopped.Nodes, n => n.Stage == NodeStage.Stopped);
        var uploadedBeforeStop = ContentObjects(location);
        Assert.NotEmpty(uploadedBeforeStop);

        Assert.Contains("continues where it stopped", bench.CliOk("task", "start", Task, "--cluster", "prod"), StringComparison.Ordinal);
        var resumed = await bench.WaitForRunAsync("prod", Task, r => r.Status is RunStatus.Succeeded or RunStatus.Failed, "the continued run to end");
        Assert.Equal(first.Id, resumed.Id);
        Assert.True(resumed.Status == RunStatus.Succeeded, resumed.Error);
        var afterResume = ContentObjects(location);
        Assert.True(afterResume.Count > uploadedBeforeStop.Count, "the continued run uploaded the rest");
        foreach (var (key, identity) in uploadedBeforeStop)
        {
            // Same inode and time: the continued run found the object in the location and did not upload it again.
            Assert.Equal(identity, afterResume[key]);
        }

        var progress = bench.CliOk("task", "progress", Task, "--cluster", "prod");
        Assert.Contains($"Run {first.Tag}: succeeded", progress, StringComparison.Ordinal);
        Assert.Contains("shop.orders", progress, StringComparison.Ordinal);
        Assert.Equal(["complete"], BackupStates(location, first.Tag));

        // New data, a new run, and node3's agent killed while it runs: the run fails, its backup is listed as incomplete,
        // and the retry (a new run after --retry-wait) completes once the agent is back.
        foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
        {
            sandbox.Write("shop.orders", 3000, startKey: 1_000_000 + (i * 100_000), node: node, valueSize: 512);
        }

        bench.CliOk("task", "start", Task, "--cluster", "prod");
        var doomed = await bench.WaitForRunAsync("prod", Task, r => r.Id != first.Id && r.Nodes.Single(n => n.Agent == agents[2]).Stage == NodeStage.Uploading, "node3 to upload");
        await bench.KillAgentAsync(sandbox, "node3");
        var failed = await bench.WaitForRunAsync("prod", Task, r => r.Id == doomed.Id && r.Status == RunStatus.Failed, "the run to fail");
        Assert.Contains($"agent {agents[2]}", failed.Error, StringComparison.Ordinal);
        Assert.Equal(NodeStage.Failed, failed.Nodes.Single(n => n.Agent == agents[2]).Stage);
        Assert.Equal(["INCOMPLETE"], BackupStates(location, failed.Tag));

        await bench.StartAgentAsync(sandbox, "node3");
        var retried = await bench.WaitForRunAsync("prod", Task, r => r.Id != failed.Id && r.Id != first.Id && r.Status is RunStatus.Succeeded or RunStatus.Failed, "the retry to end");
        Assert.True(retried.Status == RunStatus.Succeeded, retried.Error);
        Assert.DoesNotContain($"amphora-{failed.Tag}", sandbox.NodetoolOn("node3", "listsnapshots").StandardOutput, StringComparison.Ordinal);

        // A third success: retention keeps the two newest, and the failed run's incomplete backup is past its grace.
        bench.CliOk("task", "start", Task, "--cluster", "prod");
        var third = await bench.WaitForRunAsync("prod", Task, r => r.Id != retried.Id && r.Id != failed.Id && r.Id != first.Id && r.Status is RunStatus.Succeeded or RunStatus.Failed, "the third run");
        Assert.True(third.Status == RunStatus.Succeeded, third.Error);
        Assert.Null(third.Error);
        Assert.Equal([retried.Tag, third.Tag], ListedTags(location));
        CliBench.Ok(CliBench.Amphora("verify", third.Tag, "--location", "file:" + location));

        var metrics = await bench.Client.MetricsAsync(CancellationToken.None);
        Assert.Contains("amphora_server_backup_runs_total{cluster=\"prod\",task=\"nightly\",status=\"succeeded\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("amphora_server_backup_runs_total{cluster=\"prod\",task=\"nightly\",status=\"failed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("amphora_server_backup_runs_total{cluster=\"prod\",task=\"nightly\",status=\"stopped\"} 1", metrics, StringComparison.Ordinal);
        Assert.Matches("amphora_server_backup_bytes_total\\{cluster=\"prod\",task=\"nightly\",result=\"uploaded\"\\} [1-9]", metrics);
        Assert.Matches("amphora_server_backup_last_success_timestamp_seconds\\{cluster=\"prod\",task=\"nightly\"\\} [1-9]", metrics);
        Assert.Matches("amphora_server_backup_age_seconds\\{cluster=\"prod\",task=\"nightly\"\\} [0-9]", metrics);
    }

    [Fact]
    public async Task A_scylla_node_is_backed_up_by_a_one_shot_task_through_its_rest_api()
    {
        await using var bench = await ManagedClusterBench.StartServerAsync();
        var sandbox = bench.AddSandbox(new SandboxHarness(flavour: SandboxFlavour.Scylla));
        sandbox.Write("shop.orders", 500);
        var agent = await bench.StartAgentAsync(sandbox, "node1");
        var location = Path.Combine(bench.Root, "location");

        var added = bench.CliOk("cluster", "add", "--name", "scylla", "--agent", agent, "--token", ManagedClusterBench.AgentToken);
        Assert.Contains("1 nodes in dc1", added.Replace("1 node ", "1 nodes ", StringComparison.Ordinal), StringComparison.Ordinal);
        using (var shown = JsonDocument.Parse(bench.CliOk("cluster", "show", "scylla", "--output", "json")))
        {
            Assert.Equal("scylla", shown.RootElement.GetProperty("nodes")[0].GetProperty("flavour").GetString());
        }

        bench.CliOk("task", "backup", "--cluster", "scylla", "--name", "once", "--location", "file:" + location);
        var run = await bench.WaitForRunAsync("scylla", "once", r => r.Status is RunStatus.Succeeded or RunStatus.Failed, "the one-shot run");
        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal([run.Tag], ListedTags(location));
        Assert.Contains("2025.1.0", CliBench.Ok(CliBench.Amphora("backups", "show", run.Tag, "--location", "file:" + location)), StringComparison.Ordinal);
        Assert.DoesNotContain("amphora-", sandbox.Nodetool("listsnapshots").StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Every content object in the local location with its inode and modification time.</summary>
    private static Dictionary<string, (long Inode, DateTime Modified)> ContentObjects(string location) =>
        Directory.EnumerateFiles(Path.Combine(location, "content"), "*", SearchOption.AllDirectories)
            .ToDictionary(path => path, path => (Inode(path), File.GetLastWriteTimeUtc(path)), StringComparer.Ordinal);

    private static long Inode(string path) =>
        long.Parse(ProcessRunner.Run("stat", ["-c", "%i", path]).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> ListedTags(string location)
    {
        using var list = JsonDocument.Parse(CliBench.Ok(CliBench.Amphora("backups", "list", "--location", "file:" + location, "--output", "json")));
        return [.. list.RootElement.EnumerateArray().Select(b => b.GetProperty("tag").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static List<string> BackupStates(string location, string tag)
    {
        using var list = JsonDocument.Parse(CliBench.Ok(CliBench.Amphora("backups", "list", "--location", "file:" + location, "--output", "json")));
        return [.. list.RootElement.EnumerateArray().Where(b => b.GetProperty("tag").GetString() == tag)
            .Select(b => b.GetProperty("is_complete").GetBoolean() ? "complete" : "INCOMPLETE")];
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amphora.Api.Server;
using Amphora.Tests.Server.Support;

namespace Amphora.Tests.Server;

/// <summary>The REST API over real HTTP on 127.0.0.1: clusters, tasks, dry run, OpenAPI, metrics and the token.</summary>
public sealed class ServerApiTests
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route()
    {
        await using var bench = await ServerBench.StartAsync();
        using var http = new HttpClient { BaseAddress = bench.Server.Address };
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(ServerRoutes.OpenApi, UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToHashSet();
        var routes = typeof(ServerRoutes).GetFields().Select(field => (string)field.GetValue(null)!).Where(route => route != ServerRoutes.OpenApi);
        Assert.All(routes, route => Assert.Contains(route, paths));
        var addCluster = document.RootElement.GetProperty("paths").GetProperty(ServerRoutes.Clusters).GetProperty("post");
        Assert.Contains("every agent must answer", addCluster.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_every_route_but_metrics_and_the_document_refuses_requests_without_it()
    {
        await using var bench = await ServerBench.StartAsync(token: "s3cret");
        using var anonymous = new HttpClient { BaseAddress = bench.Server.Address };
        using var refused = await anonymous.GetAsync(new Uri(ServerRoutes.Clusters, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("""{"error":"unauthorized"}""", await refused.Content.ReadAsStringAsync());

        using var wrong = new HttpClient { BaseAddress = bench.Server.Address };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cre");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("api/v1/clusters/x/tasks", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(ServerRoutes.Metrics, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(ServerRoutes.OpenApi, UriKind.Relative))).StatusCode);

        using var badClient = new ServerClient(bench.Server.Address, "nope");
        var error = await Assert.ThrowsAsync<ServerRefusedException>(() => badClient.ClustersAsync(CancellationToken.None));
        Assert.Equal(401, error.StatusCode);
        Assert.Empty(await bench.Client.ClustersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Adding_a_cluster_asks_every_agent_and_stores_the_topology()
    {
        await using var bench = await ServerBench.StartAsync();
        var added = await bench.AddClusterAsync("prod", "dc1", "dc2", "dc2");
        Assert.Equal("cluster prod", added.ClusterName);
        Assert.Equal(["dc1", "dc2", "dc2"], added.Nodes.Select(node => node.Datacenter));
        var stored = await bench.Store.ClusterAsync("prod", CancellationToken.None);
        Assert.Equal("agent-token", stored!.Token);
        Assert.Equal(3, stored.Fingerprints.Count);

        var listed = Assert.Single(await bench.Client.ClustersAsync(CancellationToken.None));
        Assert.Equal(added.Nodes.Select(node => node.HostId), listed.Nodes.Select(node => node.HostId));

        // A node replaced behind an agent shows after a refresh.
        var replacement = FakeAgentConnectorFactory.Node("dc3", "cluster prod");
        bench.Agents.Add("prod-agent3:7000", replacement);
        bench.Time.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await bench.Client.ClusterAsync("prod", refresh: true, CancellationToken.None);
        Assert.Contains(refreshed.Nodes, node => node.HostId == replacement.HostId && node.Datacenter == "dc3");
        Assert.Equal(bench.Time.GetUtcNow(), refreshed.DiscoveredAt);

        var again = await Assert.ThrowsAsync<ServerRefusedException>(() => bench.AddClusterAsync("prod", "dc1"));
        Assert.Equal(409, again.StatusCode);
    }

    [Fact]
    public async Task A_cluster_is_refused_when_an_agent_is_silent_or_belongs_elsewhere()
    {
        await using var bench = await ServerBench.StartAsync();
        bench.Agents.Add("a:7000", FakeAgentConnectorFactory.Node("dc1", "Blue")).Add("b:7000", FakeAgentConnectorFactory.Node("dc1", "Green"))
            .Failing("c:7000", "Connection refused (c:7000)");

        var mixed = await Assert.ThrowsAsync<ServerRefusedException>(() =>
            bench.Client.AddClusterAsync(new ClusterRegistration { Name = "x", Agents = ["a:7000", "b:7000"], Token = "t" }, CancellationToken.None));
        Assert.Equal(400, mixed.StatusCode);
        Assert.Contains("agent b:7000 reports cluster 'Green'", mixed.Message, StringComparison.Ordinal);

        var silent = await Assert.ThrowsAsync<ServerUnavailableException>(() =>
            bench.Client.AddClusterAsync(new ClusterRegistration { Name = "x", Agents = ["a:7000", "c:7000"], Token = "t" }, CancellationToken.None));
        Assert.Contains("agent c:7000 did not answer: Connection refused", silent.Message, StringComparison.Ordinal);
        Assert.Empty(await bench.Client.ClustersAsync(CancellationToken.None));

        var unknown = await Assert.ThrowsAsync<ServerRefusedException>(() => bench.Client.TasksAsync("nowhere", CancellationToken.None));
        Assert.Equal(404, unknown.StatusCode);
    }

    [Fact]
    public async Task Bad_task_options_get_400_with_the_message_and_a_dry_run_summarises()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1", "dc2");
        var bad = await Assert.ThrowsAsync<ServerRefusedException>(() =>
            bench.Client.CreateBackupTaskAsync("prod", new BackupTaskSpec { Locations = "dc1:file:/b1" }, CancellationToken.None));
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("no location for datacenter dc2", bad.Message, StringComparison.Ordinal);

        var spec = new BackupTaskSpec
        {
            Locations = "dc1:file:/b1,dc2:file:/b2", Cron = "0 3 * * *", TimeZone = "Europe/Paris", RetentionCount = 7, RateLimit = "dc1:100,20",
        };
        var dryRun = await bench.Client.DryRunBackupTaskAsync("prod", spec, CancellationToken.None);
        Assert.Equal(2, dryRun.Nodes.Count);
        Assert.Equal("file:/b2", dryRun.Locations["dc2"]);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero), dryRun.NextRuns[0]);
        Assert.Equal(3, dryRun.NextRuns.Count);
        Assert.Contains("Europe/Paris", dryRun.Schedule, StringComparison.Ordinal);
        Assert.Contains("newest 7", dryRun.Retention, StringComparison.Ordinal);
        Assert.Contains("dc1:100,20 MiB/s", dryRun.Limits, StringComparison.Ordinal);
        Assert.Empty(await bench.Client.TasksAsync("prod", CancellationToken.None));
    }

    [Fact]
    public async Task Metrics_report_clusters_and_tasks_and_progress_reports_the_run()
    {
        await using var bench = await ServerBench.StartAsync();
        await bench.AddClusterAsync("prod", "dc1");
        var task = await bench.Client.CreateBackupTaskAsync("prod", new BackupTaskSpec { Name = "now", Locations = "file:/b" }, CancellationToken.None);
        await Assert.ThrowsAsync<ServerRefusedException>(() => bench.Client.ProgressAsync("prod", "now", CancellationToken.None));

        await bench.TickAsync();
        var run = await bench.NextStartedRunAsync();
        var progress = await bench.Client.ProgressAsync("prod", task.Id.ToString(), CancellationToken.None);
        Assert.Equal(RunStatus.Running, progress.Status);
        Assert.Equal(1024, Assert.Single(progress.Nodes).Tables.Single().Counters.UploadedBytes);
        run.Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(task.Id);

        await bench.TickAsync();
        var metrics = await bench.Client.MetricsAsync(CancellationToken.None);
        Assert.Contains("amphora_server_clusters 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("amphora_server_tasks{cluster=\"prod\",state=\"disabled\"} 1\n", metrics, StringComparison.Ordinal);
    }
}

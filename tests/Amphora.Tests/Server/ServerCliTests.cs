using System.Text.Json;
using Amphora.Api.Server;
using Amphora.Tests.Server.Support;
using Amphora.Tests.Support;

namespace Amphora.Tests.Server;

/// <summary>The real <c>amphora</c> process driving a real server on 127.0.0.1 through its REST API.</summary>
public sealed class ServerCliTests
{
    private const string Token = "cli-token";

    private static ProcessRunner.Result Amphora(ServerBench bench, params string[] arguments) =>
        CliBench.Amphora([.. arguments, "--server", bench.Server.Address.ToString(), "--server-token", Token]);

    private static void Refused(ProcessRunner.Result result, string expected)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_commands_add_list_show_and_remove()
    {
        await using var bench = await ServerBench.StartAsync(Token);
        bench.Agents.Add("10.0.0.1:7000", FakeAgentConnectorFactory.Node("dc1", "Prod")).Add("10.0.0.2:7000", FakeAgentConnectorFactory.Node("dc2", "Prod"));

        var added = CliBench.Ok(Amphora(bench, "cluster", "add", "--name", "prod", "--agent", "10.0.0.1:7000,10.0.0.2:7000", "--token", "agent-token"));
        Assert.Contains("Cluster prod (Prod) added: 2 nodes in dc1, dc2.", added, StringComparison.Ordinal);

        var listed = CliBench.Ok(Amphora(bench, "cluster", "list"));
        Assert.Matches(@"prod\s+Prod\s+2\s+dc1, dc2\s+no", listed);

        using var shown = JsonDocument.Parse(CliBench.Ok(Amphora(bench, "cluster", "show", "prod", "--output", "json")));
        Assert.Equal(2, shown.RootElement.GetProperty("nodes").GetArrayLength());

        Refused(Amphora(bench, "cluster", "show", "staging"), "no cluster staging is registered");
        var noToken = CliBench.Amphora("cluster", "list", "--server", bench.Server.Address.ToString());
        Refused(noToken, "unauthorized");

        Assert.Contains("Cluster prod removed", CliBench.Ok(Amphora(bench, "cluster", "remove", "prod")), StringComparison.Ordinal);
        Assert.Contains("No cluster is registered", CliBench.Ok(Amphora(bench, "cluster", "list")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_commands_create_show_progress_stop_start_suspend_resume_and_delete()
    {
        await using var bench = await ServerBench.StartAsync(Token);
        await bench.AddClusterAsync("prod", "dc1", "dc2");

        Refused(Amphora(bench, "task", "backup", "--cluster", "prod", "--location", "dc1:file:/b1", "--cron", "@daily"), "no location for datacenter dc2");

        var dryRun = CliBench.Ok(Amphora(bench, "task", "backup", "--cluster", "prod", "--location", "file:/b", "--cron", "0 3 * * *",
            "--timezone", "Europe/Paris", "--retention", "7", "--rate-limit", "dc1:100,20", "--dry-run"));
        Assert.Contains("Next runs: 2026-03-03 02:00:00Z, 2026-03-04 02:00:00Z, 2026-03-05 02:00:00Z", dryRun, StringComparison.Ordinal);
        Assert.Contains("keep the newest 7 backups", dryRun, StringComparison.Ordinal);

        var created = CliBench.Ok(Amphora(bench, "task", "backup", "--cluster", "prod", "--name", "nightly", "--location", "file:/b", "--cron", "0 3 * * *",
            "--timezone", "Europe/Paris", "-K", "shop.*", "--retention", "7"));
        Assert.Contains("Task nightly", created, StringComparison.Ordinal);
        Assert.Contains("next run 2026-03-03 02:00:00Z", created, StringComparison.Ordinal);
        Assert.Matches(@"nightly\s+backup\s+cron 0 3 \* \* \* Europe/Paris\s+enabled", CliBench.Ok(Amphora(bench, "task", "list", "--cluster", "prod")));

        Assert.Contains("a new run begins now", CliBench.Ok(Amphora(bench, "task", "start", "nightly", "--cluster", "prod")), StringComparison.Ordinal);
        await bench.TickAsync();
        var run = await bench.NextStartedRunAsync();

        var progress = CliBench.Ok(Amphora(bench, "task", "progress", "nightly", "--cluster", "prod"));
        Assert.Contains($"Run {run.Run.Tag}: running", progress, StringComparison.Ordinal);
        Assert.Matches(@"shop\.orders\s+2/2\s+2\.0 KiB/2\.0 KiB\s+1 \(1\.0 KiB\)\s+0", progress);

        Assert.Contains($"run {run.Run.Tag} continues on start", CliBench.Ok(Amphora(bench, "task", "stop", "nightly", "--cluster", "prod")), StringComparison.Ordinal);
        Assert.Contains("continues where it stopped", CliBench.Ok(Amphora(bench, "task", "start", "nightly", "--cluster", "prod")), StringComparison.Ordinal);
        await bench.TickAsync();
        Assert.Equal(run.Run.Id, (await bench.NextStartedRunAsync()).Run.Id);

        Assert.Contains("suspended", CliBench.Ok(Amphora(bench, "task", "suspend", "--cluster", "prod")), StringComparison.Ordinal);
        var shown = CliBench.Ok(Amphora(bench, "task", "show", "nightly", "--cluster", "prod"));
        Assert.Contains($"last run:    {run.Run.Tag} stopped", shown, StringComparison.Ordinal);
        Assert.Contains("resumed", CliBench.Ok(Amphora(bench, "task", "resume", "--cluster", "prod")), StringComparison.Ordinal);
        await bench.TickAsync();
        (await bench.NextStartedRunAsync()).Finish(RunStatus.Succeeded);
        await bench.Runs.WhenEndedAsync(run.Run.TaskId);

        using var json = JsonDocument.Parse(CliBench.Ok(Amphora(bench, "task", "show", "nightly", "--cluster", "prod", "--output", "json")));
        Assert.Equal("succeeded", json.RootElement.GetProperty("last_run").GetProperty("status").GetString());

        Assert.Contains("deleted", CliBench.Ok(Amphora(bench, "task", "delete", "nightly", "--cluster", "prod")), StringComparison.Ordinal);
        Refused(Amphora(bench, "task", "show", "nightly", "--cluster", "prod"), "has no task nightly");
    }

    [Fact]
    public void The_server_command_refuses_a_config_it_cannot_serve()
    {
        using var directory = new TempDirectory();
        var config = Path.Combine(directory.Path, "server.yaml");
        File.WriteAllText(config, "database:\n  postgres: host=db\n");
        Refused(CliBench.Amphora("server", "--config", config), "database.postgres is not supported in this version");
        Refused(CliBench.Amphora("server"), "give the server's config file");
    }
}

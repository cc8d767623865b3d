using System.Text.Json;
using Amphora.Sandbox;
using Amphora.Tests.Support;
using static Amphora.Tests.Support.CliBench;

namespace Amphora.Tests.Scylla;

/// <summary><c>amphora backup --scylla-yaml</c>: a Scylla node backed up through its REST API, as an operator runs it.</summary>
public sealed class ScyllaBackupCliTests
{
    [Fact]
    public void Backup_through_the_rest_api_lands_in_the_location_and_verifies()
    {
        using var bench = new CliBench(new SandboxHarness(flavour: SandboxFlavour.Scylla));
        bench.Sandbox.Write("shop.orders", 500);
        var scyllaYaml = Path.Combine(bench.Sandbox.Node().Directory, "conf", "scylla.yaml");

        var output = Ok(CliBench.Amphora("backup", "--scylla-yaml", scyllaYaml, "--location", bench.Location, "--cache-dir", bench.CacheDirectory, "--tag", "first"));

        Assert.Contains($"Backup first of node {bench.Sandbox.Node().LoadState().HostId}", output, StringComparison.Ordinal);
        Assert.Contains("local snapshot amphora-first cleared", output, StringComparison.Ordinal);
        Assert.All(bench.Sandbox.TableDirectories("shop.orders"), d => Assert.False(Directory.Exists(Path.Combine(d, "snapshots", "amphora-first"))));
        using (var list = JsonDocument.Parse(Ok(CliBench.Amphora("backups", "list", "--location", bench.Location, "--output", "json"))))
        {
            var backup = Assert.Single(list.RootElement.EnumerateArray());
            Assert.Equal("first", backup.GetProperty("tag").GetString());
            Assert.True(backup.GetProperty("is_complete").GetBoolean());
        }

        var files = Ok(CliBench.Amphora("backups", "files", "first", "--location", bench.Location));
        Assert.Matches(@"(?m)^[0-9a-f-]{36}  shop/orders-[0-9a-f]{32}/nb-\d+-big-Data\.db  \d+  [0-9a-f]{64}$", files);
        Assert.Contains("2025.1.0", Ok(CliBench.Amphora("backups", "show", "first", "--location", bench.Location)), StringComparison.Ordinal);
        Ok(CliBench.Amphora("verify", "first", "--location", bench.Location, "--full"));
    }

    [Fact]
    public void Incremental_backup_through_the_rest_api_ships_the_backups_links()
    {
        using var bench = new CliBench(new SandboxHarness(flavour: SandboxFlavour.Scylla, incrementalBackups: true));
        bench.Sandbox.Write("shop.orders", 200);
        bench.Sandbox.NodetoolOk("flush", "shop");
        var links = bench.Sandbox.TableDirectories("shop.orders").Select(d => Path.Combine(d, "backups")).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d)).ToList();
        Assert.Contains(links, l => l.EndsWith("-Data.db", StringComparison.Ordinal));
        var scyllaYaml = Path.Combine(bench.Sandbox.Node().Directory, "conf", "scylla.yaml");

        Ok(CliBench.Amphora("backup", "incremental", "--scylla-yaml", scyllaYaml, "--location", bench.Location, "--cache-dir", bench.CacheDirectory));

        Assert.All(links, l => Assert.False(File.Exists(l), $"{l} was shipped and removed"));
        using var list = JsonDocument.Parse(Ok(CliBench.Amphora("backups", "list", "--location", bench.Location, "--output", "json")));
        Assert.StartsWith("inc-", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("tag").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_scylla_node_fails_the_backup_with_where_it_looked()
    {
        using var bench = new CliBench(new SandboxHarness(flavour: SandboxFlavour.Scylla));
        bench.Sandbox.Node().Stop();
        var scyllaYaml = Path.Combine(bench.Sandbox.Node().Directory, "conf", "scylla.yaml");

        var result = CliBench.Amphora("backup", "--scylla-yaml", scyllaYaml, "--location", bench.Location, "--cache-dir", bench.CacheDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"http://127.0.0.1:{bench.Sandbox.Config().ApiPort}/storage_service/", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("could not be reached", result.StandardError, StringComparison.Ordinal);
    }
}

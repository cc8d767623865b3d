using Amphora.Nodes;
using Amphora.Tests.Support;

namespace Amphora.Tests.Nodes;

/// <summary>The node adapter drives a node through its nodetool command line only (here the sandbox's real bin/nodetool).</summary>
public sealed class NodetoolAdapterTests
{
    [Fact]
    public async Task Info_reports_the_host_id_datacenter_rack_and_every_token()
    {
        using var sandbox = new SandboxHarness(nodes: 2, datacenters: 2);
        var nodetool = new Nodetool(sandbox.NodetoolPath("node2"));
        var info = await nodetool.InfoAsync(CancellationToken.None);
        Assert.Equal(sandbox.Node("node2").LoadState().HostId, info.HostId);
        Assert.Equal("dc2", info.Datacenter);
        Assert.Equal("rack1", info.Rack);
        Assert.Equal(16, info.Tokens.Count);
        var tokens = info.Tokens.Select(t => long.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(tokens.Order(), tokens); // nodetool lists tokens in ring order
    }

    [Fact]
    public async Task A_configured_command_line_with_options_reaches_the_node_it_names()
    {
        using var sandbox = new SandboxHarness(nodes: 2);
        var nodetool = new Nodetool($"'{sandbox.NodetoolPath("node1")}' -h 127.0.0.2 -p 7199");
        Assert.Equal(sandbox.Node("node2").LoadState().HostId, (await nodetool.InfoAsync(CancellationToken.None)).HostId);
    }

    [Fact]
    public async Task Snapshot_list_and_clear_round_trip_through_nodetool()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("shop.orders", 100);
        sandbox.Write("shop.carts", 100);
        var nodetool = new Nodetool(sandbox.NodetoolPath());
        await nodetool.SnapshotAsync("nightly", ["shop.orders"], CancellationToken.None);
        await nodetool.SnapshotAsync("weekly", ["shop"], CancellationToken.None);

        var listed = await nodetool.ListSnapshotsAsync(CancellationToken.None);
        Assert.Equal(
            ["nightly shop.orders", "weekly shop.carts", "weekly shop.orders"],
            listed.Select(l => $"{l.Tag} {l.Keyspace}.{l.Table}"));
        Assert.All(listed, l => Assert.Matches(@"^\d+(\.\d+)? (bytes|KiB|MiB)$", l.SizeOnDisk));
        Assert.All(listed, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$", l.CreatedAt));

        await nodetool.ClearSnapshotAsync("nightly", CancellationToken.None);
        Assert.DoesNotContain(await nodetool.ListSnapshotsAsync(CancellationToken.None), l => l.Tag == "nightly");
    }

    [Fact]
    public async Task A_stopped_node_fails_with_what_nodetool_said()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Node().Stop();
        var nodetool = new Nodetool(sandbox.NodetoolPath());
        var failure = await Assert.ThrowsAsync<NodetoolException>(() => nodetool.FlushAsync([], CancellationToken.None));
        Assert.Equal(1, failure.ExitCode);
        Assert.Contains("Failed to connect to '127.0.0.1:7199'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_lines_split_like_a_shell_with_quotes()
    {
        Assert.Equal(["nodetool", "-h", "10.0.0.5", "-pwf", "/etc/jmx pw"], CommandLineSplitter.Split("nodetool -h 10.0.0.5  -pwf \"/etc/jmx pw\""));
        Assert.Equal(["/opt/c'x/nodetool"], CommandLineSplitter.Split("\"/opt/c'x/nodetool\""));
        Assert.Throws<ArgumentException>(() => CommandLineSplitter.Split("nodetool -pwf 'open"));
        Assert.Throws<ArgumentException>(() => new Nodetool("   "));
    }

    [Fact]
    public void Cassandra_yaml_gives_the_data_and_commit_log_directories()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 3);
        var yaml = CassandraYaml.Load(Path.Combine(sandbox.Node().Directory, "conf", "cassandra.yaml"));
        Assert.Equal(3, yaml.DataFileDirectories.Count);
        Assert.All(yaml.DataFileDirectories, d => Assert.True(Directory.Exists(d)));
        Assert.Equal(sandbox.Config().CommitLogDirectory, yaml.CommitLogDirectory);
        Assert.Equal("Sandbox Cluster", yaml.ClusterName);
        Assert.False(yaml.IncrementalBackups);

        Assert.Throws<FileNotFoundException>(() => CassandraYaml.Load(Path.Combine(sandbox.Path, "missing.yaml")));
    }

    [Fact]
    public async Task Failure_messages_never_show_the_jmx_password()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Node().Stop();
        var nodetool = new Nodetool($"'{sandbox.NodetoolPath()}' -u admin -pw s3cret");
        var failure = await Assert.ThrowsAsync<NodetoolException>(() => nodetool.FlushAsync([], CancellationToken.None));
        Assert.DoesNotContain("s3cret", failure.Message, StringComparison.Ordinal);
        Assert.Contains("-pw *** flush", failure.Message, StringComparison.Ordinal);
    }
}

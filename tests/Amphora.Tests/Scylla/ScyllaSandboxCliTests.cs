using Amphora.Nodes.Scylla;
using Amphora.Tests.Support;
using static Amphora.Tests.Support.CliBench;

namespace Amphora.Tests.Scylla;

/// <summary><c>amphora sandbox create --flavour scylla</c>, start and stop as real processes: the REST API outlives the command that started it.</summary>
public sealed class ScyllaSandboxCliTests
{
    [Fact]
    public async Task Create_start_and_stop_from_the_command_line_serve_and_end_the_rest_api()
    {
        using var directory = new TempDirectory();
        var sandbox = Path.Combine(directory.Path, "cluster");
        var port = SandboxHarness.FreePort();

        var created = Ok(CliBench.Amphora("sandbox", "create", sandbox, "--flavour", "scylla", "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("node1  127.0.0.1", created, StringComparison.Ordinal);
        var scyllaYaml = Path.Combine(sandbox, "node1", "conf", "scylla.yaml");
        Assert.False(File.Exists(Path.Combine(sandbox, "node1", "conf", "cassandra.yaml")));
        var adapter = new ScyllaRestNodeAdapter(scyllaYaml);
        Assert.Equal(port, adapter.Yaml.ApiPort);
        Assert.True(await adapter.IsRunningAsync(CancellationToken.None));

        Ok(CliBench.Amphora("sandbox", "stop", sandbox, "--node", "node1"));
        Assert.False(await adapter.IsRunningAsync(CancellationToken.None));

        Ok(CliBench.Amphora("sandbox", "start", sandbox, "--node", "node1"));
        Assert.Equal("2025.1.0", (await adapter.IdentifyAsync(CancellationToken.None)).Version);
        Ok(CliBench.Amphora("sandbox", "stop", sandbox, "--node", "node1"));
    }

    [Fact]
    public void A_taken_api_port_fails_start_and_leaves_the_node_stopped()
    {
        using var directory = new TempDirectory();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var result = CliBench.Amphora("sandbox", "create", Path.Combine(directory.Path, "cluster"), "--flavour", "scylla", "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"did not come up on 127.0.0.1:{port}", result.StandardError, StringComparison.Ordinal);
        Assert.False(Amphora.Sandbox.SandboxCluster.Open(Path.Combine(directory.Path, "cluster")).Node("node1").IsRunning);
    }

    [Fact]
    public void Scylla_yaml_defaults_are_scyllas()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "scylla.yaml");
        File.WriteAllText(path, "cluster_name: 'Prod'\nlisten_address: 10.0.0.5\n");

        var yaml = ScyllaYaml.Load(path);

        Assert.Equal(["/var/lib/scylla/data"], yaml.DataFileDirectories);
        Assert.Equal(new Uri("http://127.0.0.1:10000/"), yaml.ApiUri);
        Assert.Equal("Prod", yaml.ClusterName);
        Assert.Equal(new Uri("http://10.0.0.9:10001/"), new ScyllaRestNodeAdapter(path, new Uri("http://10.0.0.9:10001")).ApiUri);
        File.WriteAllText(path, "api_port: ten\n");
        Assert.Contains("api_port 'ten' is not a port number", Assert.Throws<InvalidDataException>(() => ScyllaYaml.Load(path)).Message, StringComparison.Ordinal);
        Assert.Contains("--scylla-yaml", Assert.Throws<FileNotFoundException>(() => ScyllaYaml.Load(path + ".missing")).Message, StringComparison.Ordinal);
    }
}

using Amphora.Api.Server;
using Amphora.Server.Runs;

namespace Amphora.Tests.Runs;

public sealed class DatacenterGlobsTests
{
    private static readonly ClusterInfo Cluster = new()
    {
        Name = "prod",
        ClusterName = "Prod",
        Suspended = false,
        DiscoveredAt = DateTimeOffset.UnixEpoch,
        Nodes = [Node("eu-west", 1), Node("eu-west", 2), Node("us-east", 3), Node("backup-dc", 4)],
    };

    private static ClusterNodeInfo Node(string datacenter, int n) => new()
    {
        Agent = $"127.0.0.{n}:5090",
        HostId = new Guid(n, 0, 0, new byte[8]),
        Address = $"127.0.0.{n}",
        Datacenter = datacenter,
        Rack = "rack1",
        Tokens = [],
        Version = "4.1.5",
        Flavour = "cassandra",
    };

    [Theory]
    [InlineData(null, 1, 2, 3, 4)]
    [InlineData("eu-*", 1, 2)]
    [InlineData("*,!backup-dc", 1, 2, 3)]
    [InlineData("!eu-west", 3, 4)]
    [InlineData("us-east, eu-w?st", 1, 2, 3)]
    public void Globs_select_the_nodes_of_matching_datacenters(string? globs, params int[] expected) =>
        Assert.Equal(expected, DatacenterGlobs.Select(Cluster, globs).Select(n => n.HostId.ToByteArray()[0]).Select(b => (int)b));

    [Theory]
    [InlineData("ap-*", "--dc pattern 'ap-*' matches no datacenter of cluster prod; its datacenters are backup-dc, eu-west, us-east.")]
    [InlineData("eu-west,!eu-*", "--dc 'eu-west,!eu-*' leaves no datacenter of cluster prod (backup-dc, eu-west, us-east).")]
    public void A_glob_matching_nothing_or_leaving_nothing_is_refused(string globs, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => DatacenterGlobs.Select(Cluster, globs)).Message);
}

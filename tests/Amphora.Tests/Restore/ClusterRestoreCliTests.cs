using System.Text.RegularExpressions;
using Amphora.Tests.Support;

namespace Amphora.Tests.Restore;

/// <summary><c>amphora restore --cluster</c> on a three-node, two-datacenter sandbox: mapping, plan, --yes, seeds first.</summary>
public sealed partial class ClusterRestoreCliTests : IDisposable
{
    private static readonly string[] NodeNames = ["node1", "node2", "node3"];
    private readonly SandboxHarness _sandbox = new(nodes: 3, datacenters: 2);
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        _sandbox.Dispose();
        _directory.Dispose();
    }

    private string Location => "file:" + Path.Combine(_directory.Path, "location");

    [Fact]
    public void A_cluster_restore_maps_every_node_to_its_own_backup_and_needs_yes()
    {
        var atBackup = new Dictionary<string, string>();
        foreach (var (name, index) in NodeNames.Select((n, i) => (n, i)))
        {
            _sandbox.Write("shop.orders", 100 + (index * 50), startKey: index * 10_000, node: name);
            CliBench.Ok(CliBench.Amphora("backup", "--cassandra-yaml", Yaml(name), "--nodetool", _sandbox.NodetoolPath(name), "--location", Location,
                "--tag", "b1", "--cache-dir", Path.Combine(_directory.Path, "cache-" + name)));
            atBackup[name] = _sandbox.DumpChecksum(node: name);
            _sandbox.Write("shop.orders", 10, startKey: 90_000, node: name);
        }

        var targets = Path.Combine(_directory.Path, "targets.yaml");
        File.WriteAllText(targets, "nodes:\n" + string.Concat(NodeNames.Select(n => $"  - cassandra_yaml: {Yaml(n)}\n    nodetool: {_sandbox.NodetoolPath(n)}\n")));

        // While the nodes are up, the dry run matches them by host ID and prints the entries to pin the mapping.
        var plan = CliBench.Ok(Restore(targets, "--dry-run"));
        Assert.Equal(3, Regex.Count(plan, "same host ID"));
        var sources = SourceLine().Matches(plan).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, sources.Distinct().Count());

        var refused = Restore(targets);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--yes", refused.StandardError, StringComparison.Ordinal);

        foreach (var name in NodeNames)
        {
            _sandbox.NodetoolOn(name, "drain");
            _sandbox.Node(name).Stop();
        }

        // Stopped nodes cannot say who they are: without 'source:' the restore refuses, with it it goes ahead.
        var down = Restore(targets, "--yes");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("is not running", down.StandardError, StringComparison.Ordinal);
        File.WriteAllText(targets, "nodes:\n" + string.Concat(NodeNames.Zip(sources).Select(p =>
            $"  - cassandra_yaml: {Yaml(p.First)}\n    nodetool: {_sandbox.NodetoolPath(p.First)}\n    source: {p.Second}\n")));
        var output = CliBench.Ok(Restore(targets, "--yes"));
        Assert.StartsWith("Restoring 127.0.0.1", output[output.IndexOf("Restoring ", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(output, "Restored 1 table"));
        foreach (var name in NodeNames)
        {
            _sandbox.Node(name).Start();
            Assert.Equal(atBackup[name], _sandbox.DumpChecksum(node: name));
        }
    }

    private string Yaml(string node) => Path.Combine(_sandbox.Node(node).Directory, "conf", "cassandra.yaml");

    private ProcessRunner.Result Restore(string targets, params string[] extra) =>
        CliBench.Amphora(["restore", "b1", "--location", Location, "--cluster", targets, "--in-place", "-K", "shop.*", .. extra]);

    [GeneratedRegex(@"targets file entry: source: ([0-9a-f-]{36})")]
    private static partial Regex SourceLine();
}

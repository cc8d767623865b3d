using Amphora.Nodes;
using Amphora.Nodes.Scylla;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Scylla;

/// <summary>The Scylla adapter against Scylla-flavoured sandbox nodes, over real HTTP to the REST API their start spawned.</summary>
public sealed class ScyllaRestAdapterTests
{
    private static string ScyllaYamlOf(SandboxHarness sandbox, string node = "node1") => Path.Combine(sandbox.Node(node).Directory, "conf", "scylla.yaml");

    /// <summary>A one-node Scylla sandbox with rows in shop.orders and shop.carts.</summary>
    private static SandboxHarness ScyllaShop(int rows)
    {
        var sandbox = new SandboxHarness(flavour: SandboxFlavour.Scylla);
        sandbox.Write("shop.orders", rows);
        sandbox.Write("shop.carts", rows);
        return sandbox;
    }

    [Fact]
    public async Task Identity_is_what_nodetool_reports_for_the_same_node()
    {
        using var sandbox = new SandboxHarness(nodes: 2, datacenters: 2, flavour: SandboxFlavour.Scylla);
        sandbox.Write("shop.orders", 10, node: "node2");
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox, "node2"));
        Assert.Equal(new Uri($"http://127.0.0.2:{sandbox.Config("node2").ApiPort}/"), adapter.ApiUri);

        var identity = await adapter.IdentifyAsync(CancellationToken.None);

        var info = await new Nodetool(sandbox.NodetoolPath("node2")).InfoAsync(CancellationToken.None);
        Assert.Equal(info.HostId, identity.HostId);
        Assert.Equal(info.Datacenter, identity.Datacenter);
        Assert.Equal("dc2", identity.Datacenter);
        Assert.Equal(info.Rack, identity.Rack);
        Assert.Equal(info.Tokens, identity.Tokens);
        Assert.Equal(16, identity.Tokens.Count);
        Assert.Equal("Sandbox Cluster", identity.Cluster);
        Assert.Equal("2025.1.0", identity.Version);
        Assert.Contains("system", identity.Keyspaces);
        Assert.Contains("shop", identity.Keyspaces);
        Assert.Equal(sandbox.Config("node2").DataDirectories, adapter.DataDirectories);
    }

    [Fact]
    public async Task Snapshot_makes_the_hard_links_nodetool_snapshot_makes_and_clear_removes_them()
    {
        using var sandbox = ScyllaShop(300);
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));

        await adapter.SnapshotAsync("rest", ["shop"], CancellationToken.None);
        sandbox.NodetoolOk("snapshot", "-t", "tool", "shop");

        foreach (var table in new[] { "shop.orders", "shop.carts" })
        {
            var tableDirectories = sandbox.TableDirectories(table);
            var byRest = SnapshotFiles(tableDirectories, "rest");
            Assert.Contains(byRest, f => f.EndsWith("-Data.db", StringComparison.Ordinal));
            Assert.Equal(SnapshotFiles(tableDirectories, "tool"), byRest);
            foreach (var directory in tableDirectories.Where(d => Directory.Exists(Path.Combine(d, "snapshots", "rest"))))
            {
                foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "snapshots", "rest"), "*.db"))
                {
                    Assert.Equal(Amphora.Core.IO.FileIdentity.Of(Path.Combine(directory, Path.GetFileName(file))), Amphora.Core.IO.FileIdentity.Of(file));
                }
            }
        }

        var listed = await adapter.ListSnapshotsAsync(CancellationToken.None);
        Assert.Equal(["rest shop.carts", "rest shop.orders", "tool shop.carts", "tool shop.orders"],
            listed.Select(s => $"{s.Tag} {s.Keyspace}.{s.Table}").Order(StringComparer.Ordinal));
        Assert.All(listed, s => Assert.True(s.SizeOnDiskBytes > s.TrueSizeBytes, $"{s.Tag} {s.Table}: hard links share the live SSTables"));

        await adapter.ClearSnapshotAsync("rest", CancellationToken.None);
        Assert.All(sandbox.TableDirectories("shop.orders"), d => Assert.False(Directory.Exists(Path.Combine(d, "snapshots", "rest"))));
        Assert.Equal(["tool", "tool"], (await adapter.ListSnapshotsAsync(CancellationToken.None)).Select(s => s.Tag));
    }

    /// <summary>Every file under snapshots/TAG of the table's directories, relative to it.</summary>
    private static List<string> SnapshotFiles(IEnumerable<string> tableDirectories, string tag) =>
        tableDirectories.Select(d => Path.Combine(d, "snapshots", tag)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(d, f)))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_table_snapshot_takes_only_the_named_tables()
    {
        using var sandbox = ScyllaShop(50);
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));

        await adapter.SnapshotAsync("one", ["shop.orders"], CancellationToken.None);

        Assert.Equal(["one shop.orders"], (await adapter.ListSnapshotsAsync(CancellationToken.None)).Select(s => $"{s.Tag} {s.Keyspace}.{s.Table}"));
        Assert.True(await adapter.TrueSnapshotsSizeAsync(CancellationToken.None) > 0, "manifest.json and schema.cql belong to the snapshot alone");
    }

    [Fact]
    public async Task Refusals_carry_scyllas_message_and_are_node_failures()
    {
        using var sandbox = new SandboxHarness(flavour: SandboxFlavour.Scylla);
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));

        var unknown = await Assert.ThrowsAsync<ScyllaApiException>(() => adapter.SnapshotAsync("x", ["nope"], CancellationToken.None));
        Assert.Equal(400, unknown.StatusCode);
        Assert.Equal("Can't find a keyspace nope", unknown.Output);
        Assert.Contains("Can't find a keyspace nope", unknown.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NodetoolException>(unknown);

        sandbox.Write("shop.orders", 10);
        await adapter.SnapshotAsync("twice", ["shop"], CancellationToken.None);
        var again = await Assert.ThrowsAsync<ScyllaApiException>(() => adapter.SnapshotAsync("twice", ["shop"], CancellationToken.None));
        Assert.Equal(500, again.StatusCode);
        Assert.Contains("twice already exists", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_node_is_not_running_and_refuses_requests_until_it_starts_again()
    {
        using var sandbox = new SandboxHarness(flavour: SandboxFlavour.Scylla);
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));
        Assert.True(await adapter.IsRunningAsync(CancellationToken.None));

        sandbox.Node().Stop();

        Assert.False(await adapter.IsRunningAsync(CancellationToken.None));
        var refused = await Assert.ThrowsAsync<ScyllaApiException>(() => adapter.IdentifyAsync(CancellationToken.None));
        Assert.Equal(-1, refused.ExitCode);
        Assert.Contains("could not be reached", refused.Message, StringComparison.Ordinal);

        sandbox.Node().Start();
        Assert.True(await adapter.IsRunningAsync(CancellationToken.None));
        Assert.Equal(sandbox.Node().LoadState().HostId, (await adapter.IdentifyAsync(CancellationToken.None)).HostId);
    }

    [Fact]
    public async Task Import_moves_sstables_through_upload_and_brings_the_rows_back()
    {
        using var sandbox = new SandboxHarness(flavour: SandboxFlavour.Scylla);
        using var staging = new TempDirectory();
        sandbox.Write("shop.orders", 400);
        var expected = sandbox.DumpChecksum("shop.orders");
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));
        await adapter.SnapshotAsync("saved", ["shop"], CancellationToken.None);
        foreach (var snapshot in sandbox.TableDirectories("shop.orders").Select(d => Path.Combine(d, "snapshots", "saved")).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(snapshot, "*-big-*"))
            {
                File.Copy(file, Path.Combine(staging.Path, Path.GetFileName(file)));
            }
        }

        sandbox.Node().Truncate("shop.orders");
        Assert.Empty(sandbox.Node().Dump("shop.orders"));

        await adapter.ImportAsync("shop", "orders", [staging.Path], CancellationToken.None);

        Assert.Empty(Directory.EnumerateFiles(staging.Path));
        Assert.Equal(expected, sandbox.DumpChecksum("shop.orders"));
        Assert.All(sandbox.TableDirectories("shop.orders"), d => Assert.Empty(Directory.Exists(Path.Combine(d, "upload")) ? Directory.EnumerateFiles(Path.Combine(d, "upload")) : []));
    }

    [Fact]
    public async Task Import_into_a_missing_table_says_so()
    {
        using var sandbox = new SandboxHarness(flavour: SandboxFlavour.Scylla);
        using var staging = new TempDirectory();
        var adapter = new ScyllaRestNodeAdapter(ScyllaYamlOf(sandbox));
        var missing = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => adapter.ImportAsync("shop", "orders", [staging.Path], CancellationToken.None));
        Assert.Contains("shop.orders not found", missing.Message, StringComparison.Ordinal);
    }
}

using Amphora.Cli;
using Amphora.Sandbox;
using Amphora.Sandbox.Storage;

namespace Amphora.Tests.Support;

/// <summary>A sandbox cluster in a temp dir, driven through its real bin/nodetool processes and the amphora CLI.</summary>
public sealed class SandboxHarness : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SandboxHarness(SSTableFormat? format = null, int nodes = 1, int datacenters = 1, int dataDirectories = 2,
        string segmentSize = "1MiB", bool incrementalBackups = false, SandboxFlavour flavour = SandboxFlavour.Cassandra)
    {
        Cluster = SandboxCreator.Create(System.IO.Path.Combine(_directory.Path, "cluster"), new SandboxOptions
        {
            Format = format ?? SSTableFormat.Nb,
            Nodes = nodes,
            Datacenters = datacenters,
            DataDirectories = dataDirectories,
            CommitLogSegmentSize = segmentSize,
            IncrementalBackups = incrementalBackups,
            Flavour = flavour,
            ApiPort = flavour == SandboxFlavour.Scylla ? FreePort() : 10000,
            AmphoraCommand = AmphoraExecutable.CommandLine(),
        });
    }

    public SandboxCluster Cluster { get; }

    /// <summary>A port nothing listens on now, so parallel tests' Scylla nodes do not share 127.0.0.N:10000.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Path => Cluster.Directory;

    public SandboxNode Node(string name = "node1") => Cluster.Node(name);

    public NodeConfig Config(string name = "node1") => Node(name).Config;

    public string NodetoolPath(string name = "node1") => System.IO.Path.Combine(Node(name).Directory, "bin", "nodetool");

    /// <summary>Runs the node's bin/nodetool as a real process.</summary>
    public ProcessRunner.Result Nodetool(params string[] arguments) => NodetoolOn("node1", arguments);

    public ProcessRunner.Result NodetoolOn(string node, params string[] arguments) => ProcessRunner.Run(NodetoolPath(node), arguments);

    /// <summary>Runs nodetool and fails the test unless it exits 0.</summary>
    public string NodetoolOk(params string[] arguments)
    {
        var result = Nodetool(arguments);
        Assert.True(result.ExitCode == 0, $"nodetool {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    public void Write(string table, int rows, long startKey = 0, long? timestampMicros = null, string node = "node1", int valueSize = 64,
        TableCreation? creation = null) =>
        Node(node).Write(table, new WriteOptions
        {
            Rows = rows,
            StartKey = startKey,
            TimestampMicros = timestampMicros,
            ValueSize = valueSize,
            Table = creation ?? new TableCreation(),
        });

    /// <summary>The table's directory in each data directory: <c>&lt;data&gt;/&lt;ks&gt;/&lt;table&gt;-&lt;id&gt;</c>.</summary>
    public IReadOnlyList<string> TableDirectories(string qualifiedTable, string node = "node1")
    {
        var (keyspace, table) = SandboxCluster.SplitTableName(qualifiedTable);
        return Config(node).DataDirectories
            .Select(d => System.IO.Path.Combine(d, keyspace))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, table + "-*"))
            .ToList();
    }

    public IReadOnlyList<string> LiveDataFiles(string qualifiedTable, string node = "node1") =>
        TableDirectories(qualifiedTable, node).SelectMany(d => Directory.EnumerateFiles(d, "*-Data.db")).Order(StringComparer.Ordinal).ToList();

    public string DumpChecksum(string? table = null, string node = "node1") =>
        string.Join('\n', Node(node).Dump(table).Select(r => $"{r.Table.QualifiedName} {Convert.ToHexString(r.Row.Key)} {r.Row.Timestamp} {Convert.ToHexString(r.Row.Value!)}"));

    public void Dispose() => _directory.Dispose();
}

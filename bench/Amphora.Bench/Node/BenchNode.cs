using Amphora.Sandbox.Storage;

namespace Amphora.Bench.Node;

/// <summary>
/// A sandbox node filled with generated data the way an operator bulk-loads a real one: SSTables written offline (as
/// CQLSSTableWriter does) and loaded with the node's own <c>nodetool import</c>, which spreads them over both data
/// directories. Amphora then sees only the node's cassandra.yaml and nodetool.
/// </summary>
public sealed class BenchNode
{
    private BenchNode(string clusterDirectory)
    {
        ClusterDirectory = clusterDirectory;
        NodeDirectory = Path.Combine(clusterDirectory, "node1");
    }

    public string ClusterDirectory { get; }

    public string NodeDirectory { get; }

    public string CassandraYaml => Path.Combine(NodeDirectory, "conf", "cassandra.yaml");

    public string Nodetool => Path.Combine(NodeDirectory, "bin", "nodetool");

    public IReadOnlyList<string> DataDirectories => [.. System.IO.Directory.GetDirectories(Path.Combine(NodeDirectory, "data")).Order(StringComparer.Ordinal)];

    /// <summary>The arguments that point an amphora command at this node.</summary>
    public IReadOnlyList<string> NodeArguments => ["--cassandra-yaml", CassandraYaml, "--nodetool", Nodetool];

    public static async Task<BenchNode> CreateAsync(AmphoraCli cli, string clusterDirectory, IReadOnlyList<TableShape> tables, CancellationToken cancellationToken)
    {
        await cli.RunCheckedAsync(["sandbox", "create", clusterDirectory, "--data-dirs", "2"], cancellationToken).ConfigureAwait(false);
        var node = new BenchNode(clusterDirectory);
        var staging = Path.Combine(clusterDirectory, "staging");
        foreach (var table in tables)
        {
            // One row through CQL creates the keyspace and table with the storage options asked for.
            string[] create = ["sandbox", "write", clusterDirectory, "--node", "node1", "--table", $"{table.Keyspace}.{table.Table}", "--rows", "1"];
            await cli.RunCheckedAsync(table.Compressed ? create : [.. create, "--uncompressed"], cancellationToken).ConfigureAwait(false);

            var directory = Path.Combine(staging, table.Table);
            WriteSSTables(table, directory, cancellationToken);
            (await ProcessMeter.RunAsync(node.Nodetool, ["import", table.Keyspace, table.Table, directory], cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        }

        System.IO.Directory.Delete(staging, recursive: true);
        return node;
    }

    /// <summary>Every file of the node's live tables (snapshots and backups/ excluded), for before/after comparisons.</summary>
    public IReadOnlyList<FileInfo> LiveFiles() =>
        [.. DataDirectories.SelectMany(d => new DirectoryInfo(Path.Combine(d, NodeShape.Keyspace)).Exists
            ? new DirectoryInfo(Path.Combine(d, NodeShape.Keyspace)).EnumerateDirectories().SelectMany(t => t.EnumerateFiles())
            : [])];

    private static void WriteSSTables(TableShape table, string directory, CancellationToken cancellationToken)
    {
        var options = table.Compressed ? TableStorageOptions.Default : TableStorageOptions.Uncompressed;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        Parallel.For(0, table.DataSizes.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            var descriptor = new SSTableDescriptor(directory, SSTableFormat.Nb.Version, SSTableId.Sequence(i + 1), SSTableFormat.Nb.FormatName);
            var rows = new GeneratedRows((long)i << 40, RowsFor(table.DataSizes[i], table.ValueSize), table.ValueSize, timestamp, tokenHalf: i % 2);
            SSTableWriter.Write(descriptor, SSTableFormat.Nb, options, rows, new SSTableStats());
        });
    }

    private static int RowsFor(long dataBytes, int valueSize) =>
        (int)Math.Max(1, dataBytes / (valueSize + 24)); // 24: key, timestamps and lengths a row adds on disk
}

using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Amphora.Sandbox;

/// <summary>The settings a sandbox node reads from its own <c>conf/cassandra.yaml</c> (as Cassandra reads them at start-up).</summary>
public sealed record NodeConfig(
    string ClusterName,
    IReadOnlyList<string> DataDirectories,
    string CommitLogDirectory,
    long CommitLogSegmentSize,
    bool IncrementalBackups,
    bool AutoSnapshot,
    string ListenAddress,
    bool UuidSSTableIdentifiers)
{
    public const string CassandraYamlName = "cassandra.yaml";

    public const string ScyllaYamlName = "scylla.yaml";

    /// <summary>api_address of a Scylla node's REST API; null for Cassandra nodes.</summary>
    public string? ApiAddress { get; init; }

    /// <summary>api_port of a Scylla node's REST API (Scylla's default 10000).</summary>
    public int ApiPort { get; init; } = 10000;

    /// <summary>conf/scylla.yaml on Scylla-flavoured nodes, conf/cassandra.yaml on the others.</summary>
    public static string PathIn(string nodeDirectory) =>
        File.Exists(Path.Combine(nodeDirectory, "conf", ScyllaYamlName))
            ? Path.Combine(nodeDirectory, "conf", ScyllaYamlName)
            : Path.Combine(nodeDirectory, "conf", CassandraYamlName);

    public static NodeConfig Load(string nodeDirectory)
    {
        var path = PathIn(nodeDirectory);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string Scalar(string key, string fallback) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { } value } ? value : fallback;
        var isScylla = Path.GetFileName(path) == ScyllaYamlName;

        var dataDirectories = root.Children.TryGetValue(new YamlScalarNode("data_file_directories"), out var dirs) && dirs is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList()
            : throw new SandboxException($"{path} has no data_file_directories.");

        return new NodeConfig(
            Scalar("cluster_name", "Test Cluster"),
            dataDirectories,
            Scalar("commitlog_directory", Path.Combine(nodeDirectory, "data", "commitlog")),
            ParseMebibytes(isScylla ? Scalar("commitlog_segment_size_in_mb", "32") + "MiB" : Scalar("commitlog_segment_size", "32MiB")),
            bool.Parse(Scalar("incremental_backups", "false")),
            bool.Parse(Scalar("auto_snapshot", "true")),
            Scalar("listen_address", "127.0.0.1"),
            bool.Parse(Scalar("uuid_sstable_identifiers_enabled", "false")))
        {
            ApiAddress = isScylla ? Scalar("api_address", "127.0.0.1") : null,
            ApiPort = int.Parse(Scalar("api_port", "10000"), CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Parses Cassandra 4.1 data sizes such as <c>32MiB</c>, <c>512KiB</c>.</summary>
    public static long ParseMebibytes(string value)
    {
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("B", 1) };
        foreach (var (suffix, factor) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(value[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number * factor;
            }
        }

        throw new SandboxException($"Invalid data size '{value}': use a whole number followed by B, KiB, MiB or GiB (e.g. 32MiB).");
    }
}

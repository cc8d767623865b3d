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
    public static string PathIn(string nodeDirectory) => Path.Combine(nodeDirectory, "conf", "cassandra.yaml");

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

        var dataDirectories = root.Children.TryGetValue(new YamlScalarNode("data_file_directories"), out var dirs) && dirs is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList()
            : throw new SandboxException($"{path} has no data_file_directories.");

        return new NodeConfig(
            Scalar("cluster_name", "Test Cluster"),
            dataDirectories,
            Scalar("commitlog_directory", Path.Combine(nodeDirectory, "data", "commitlog")),
            ParseMebibytes(Scalar("commitlog_segment_size", "32MiB")),
            bool.Parse(Scalar("incremental_backups", "false")),
            bool.Parse(Scalar("auto_snapshot", "true")),
            Scalar("listen_address", "127.0.0.1"),
            bool.Parse(Scalar("uuid_sstable_identifiers_enabled", "false")));
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

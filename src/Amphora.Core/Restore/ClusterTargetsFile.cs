using YamlDotNet.RepresentationModel;

namespace Amphora.Core.Restore;

/// <summary>
/// The nodes a cluster restore writes to, one entry each: how to reach it (its cassandra.yaml and nodetool command line) and,
/// optionally, which backed-up node it takes the place of.
/// <code>
/// nodes:
///   - cassandra_yaml: /etc/cassandra/cassandra.yaml
///     nodetool: nodetool -h 10.0.0.5
///     source: 5f2f... (host ID in the backup; optional)
/// </code>
/// </summary>
public sealed record ClusterTargetsFile(IReadOnlyList<ClusterTargetsFile.Entry> Nodes)
{
    public sealed record Entry(string CassandraYaml, string Nodetool, Guid? Source);

    public static ClusterTargetsFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the cluster targets file {path} does not exist; see 'amphora restore --help' for its layout.", path);
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var nodes = yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("nodes"), out var list) && list is YamlSequenceNode sequence
            ? sequence.Children
            : throw new InvalidDataException($"{path} has no 'nodes:' list; give one entry per target node with cassandra_yaml and nodetool.");
        var entries = new List<Entry>();
        foreach (var (node, index) in nodes.Select((n, i) => (n, i + 1)))
        {
            string? Value(string key) => node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            var cassandraYaml = Value("cassandra_yaml") ?? throw new InvalidDataException($"{path}: node {index} has no cassandra_yaml.");
            var source = Value("source");
            Guid? sourceId = null;
            if (source is not null)
            {
                sourceId = Guid.TryParse(source, out var parsed) ? parsed : throw new InvalidDataException($"{path}: node {index}'s source '{source}' is not a host ID.");
            }

            entries.Add(new Entry(cassandraYaml, Value("nodetool") ?? "nodetool", sourceId));
        }

        if (entries.Count == 0)
        {
            throw new InvalidDataException($"{path} lists no nodes.");
        }

        return new ClusterTargetsFile(entries);
    }
}

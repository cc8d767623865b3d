using YamlDotNet.RepresentationModel;

namespace Amphora.Nodes;

/// <summary>What Amphora needs from a node's cassandra.yaml: where its data and commit log live.</summary>
public sealed record CassandraYaml(string Path, string ClusterName, IReadOnlyList<string> DataFileDirectories, string? CommitLogDirectory, bool IncrementalBackups)
{
    /// <summary>listen_address: how the other nodes, and the seed list, know this node.</summary>
    public string? ListenAddress { get; init; }

    /// <summary>The addresses in seed_provider's seeds parameter, ports removed.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    public bool IsSeed => ListenAddress is not null && Seeds.Contains(ListenAddress);

    public static CassandraYaml Load(string path)
    {
        var settings = YamlSettings.Load(path, "cassandra.yaml", "pass the node's config with --cassandra-yaml.");
        var dataDirectories = settings.Strings("data_file_directories");
        if (dataDirectories.Count == 0)
        {
            // Cassandra's own default when the setting is absent.
            var home = Environment.GetEnvironmentVariable("CASSANDRA_HOME") ?? "/var/lib/cassandra";
            dataDirectories.Add(System.IO.Path.Combine(home, "data", "data"));
        }

        return new CassandraYaml(path, settings.Scalar("cluster_name") ?? "Test Cluster", dataDirectories, settings.Scalar("commitlog_directory"),
            string.Equals(settings.Scalar("incremental_backups"), "true", StringComparison.OrdinalIgnoreCase))
        {
            ListenAddress = settings.Scalar("listen_address"),
            Seeds = SeedsOf(settings.Root),
        };
    }

    /// <summary>seed_provider: [{class_name, parameters: [{seeds: "10.0.0.1:7000,10.0.0.2"}]}].</summary>
    private static List<string> SeedsOf(YamlMappingNode root)
    {
        var seeds = root.Children.TryGetValue(new YamlScalarNode("seed_provider"), out var provider) && provider is YamlSequenceNode providers
            ? providers.Children.OfType<YamlMappingNode>()
                .SelectMany(p => p.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters) && parameters is YamlSequenceNode list ? list.Children : [])
                .OfType<YamlMappingNode>()
                .Select(p => p.Children.TryGetValue(new YamlScalarNode("seeds"), out var value) && value is YamlScalarNode scalar ? scalar.Value : null)
                .FirstOrDefault(v => v is not null)
            : null;
        return (seeds ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.LastIndexOf(':') is var colon and > 0 && !s.EndsWith(']') && s.Count(c => c == ':') == 1 ? s[..colon] : s)
            .ToList();
    }
}

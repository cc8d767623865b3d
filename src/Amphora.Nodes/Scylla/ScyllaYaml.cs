using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Amphora.Nodes.Scylla;

/// <summary>What Amphora needs from a node's scylla.yaml: where its data lives and where its REST API listens.</summary>
public sealed record ScyllaYaml(string Path, string ClusterName, IReadOnlyList<string> DataFileDirectories, string ApiAddress, int ApiPort)
{
    /// <summary>Scylla's defaults when scylla.yaml leaves them out.</summary>
    public const string DefaultDataDirectory = "/var/lib/scylla/data";

    public const string DefaultApiAddress = "127.0.0.1";

    public const int DefaultApiPort = 10000;

    /// <summary>The REST API's base address, e.g. http://127.0.0.1:10000/.</summary>
    public Uri ApiUri => new UriBuilder(Uri.UriSchemeHttp, ApiAddress, ApiPort).Uri;

    public static ScyllaYaml Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"scylla.yaml not found at {path}; pass the node's config with --scylla-yaml (usually /etc/scylla/scylla.yaml).", path);
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path} is not a scylla.yaml: it holds no settings.");
        }

        string? Scalar(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
        List<string> dataDirectories = root.Children.TryGetValue(new YamlScalarNode("data_file_directories"), out var dirs) && dirs is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!)]
            : [];
        if (dataDirectories.Count == 0)
        {
            dataDirectories.Add(DefaultDataDirectory);
        }

        var port = DefaultApiPort;
        if (Scalar("api_port") is { } portText && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            throw new InvalidDataException($"{path}: api_port '{portText}' is not a port number.");
        }

        return new ScyllaYaml(path, Scalar("cluster_name") ?? "Test Cluster", dataDirectories, Scalar("api_address") ?? DefaultApiAddress, port);
    }
}

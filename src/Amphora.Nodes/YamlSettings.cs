using YamlDotNet.RepresentationModel;

namespace Amphora.Nodes;

/// <summary>The top-level settings of a node's YAML config (cassandra.yaml, scylla.yaml), read the way the node reads them.</summary>
internal sealed class YamlSettings
{
    private readonly YamlMappingNode _root;

    private YamlSettings(YamlMappingNode root) => _root = root;

    /// <summary>Loads the file; a missing one throws with <paramref name="missingHint"/>, one without settings names <paramref name="kind"/>.</summary>
    public static YamlSettings Load(string path, string kind, string missingHint)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{kind} not found at {path}; {missingHint}", path);
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        return yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
            ? new YamlSettings(root)
            : throw new InvalidDataException($"{path} is not a {kind}: it holds no settings.");
    }

    public YamlMappingNode Root => _root;

    public string? Scalar(string key) => _root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>A list setting such as data_file_directories; empty when absent.</summary>
    public List<string> Strings(string key) =>
        _root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!)]
            : [];
}

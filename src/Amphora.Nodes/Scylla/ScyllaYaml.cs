using System.Globalization;

namespace Amphora.Nodes.Scylla;

/// <summary>What Amphora needs from a node's scylla.yaml: where its data and commit log live and where its REST API listens.</summary>
public sealed record ScyllaYaml(string Path, string ClusterName, IReadOnlyList<string> DataFileDirectories, string CommitLogDirectory, string ApiAddress, int ApiPort)
{
    /// <summary>Scylla's defaults when scylla.yaml leaves them out.</summary>
    public const string DefaultDataDirectory = "/var/lib/scylla/data";

    public const string DefaultCommitLogDirectory = "/var/lib/scylla/commitlog";

    public const string DefaultApiAddress = "127.0.0.1";

    public const int DefaultApiPort = 10000;

    /// <summary>The REST API's base address, e.g. http://127.0.0.1:10000/.</summary>
    public Uri ApiUri => new UriBuilder(Uri.UriSchemeHttp, ApiAddress, ApiPort).Uri;

    public static ScyllaYaml Load(string path)
    {
        var settings = YamlSettings.Load(path, "scylla.yaml", "pass the node's config with --scylla-yaml (usually /etc/scylla/scylla.yaml).");
        var dataDirectories = settings.Strings("data_file_directories");
        if (dataDirectories.Count == 0)
        {
            dataDirectories.Add(DefaultDataDirectory);
        }

        var port = DefaultApiPort;
        if (settings.Scalar("api_port") is { } portText && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            throw new InvalidDataException($"{path}: api_port '{portText}' is not a port number.");
        }

        return new ScyllaYaml(path, settings.Scalar("cluster_name") ?? "Test Cluster", dataDirectories, settings.Scalar("commitlog_directory") ?? DefaultCommitLogDirectory, settings.Scalar("api_address") ?? DefaultApiAddress, port);
    }
}

using System.Net;
using Amphora.Core.Configuration;
using Amphora.Storage;

namespace Amphora.Agent;

/// <summary>
/// The agent's YAML config file (snake_case keys): where it listens, its bearer token, its TLS certificate, how it reaches its
/// node, and the <c>storage:</c> provider settings shared with the CLI's config file.
/// </summary>
public sealed class AgentConfig
{
    public const string DefaultListen = "0.0.0.0:5090";
    public const string DefaultStateDirectory = "/var/lib/amphora/agent";
    public const int MinimumTokenLength = 16;

    public required string Path { get; init; }

    public required IPEndPoint Listen { get; init; }

    public required string Token { get; init; }

    /// <summary>PEM certificate and key; null: a self-signed certificate kept in <see cref="StateDirectory"/>.</summary>
    public (string CertificateFile, string KeyFile)? Tls { get; init; }

    public required string StateDirectory { get; init; }

    public required NodeSection Node { get; init; }

    public required StorageSettings Storage { get; init; }

    public required string CacheDirectory { get; init; }

    public static AgentConfig Load(string path, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var file = YamlConfigFile.Read<AgentConfigFile>(
            path, "create it (listen, token_file, node, storage; see docs/agent.md)", "keys: listen, token, token_file, tls, state_directory, cache_directory, node, storage");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string Resolve(string value) => System.IO.Path.GetFullPath(value, directory);
        var stateDirectory = Resolve(file.StateDirectory ?? DefaultStateDirectory);
        return new AgentConfig
        {
            Path = path,
            Listen = ListenAddress.Parse(file.Listen ?? DefaultListen, $"agent config {path}", DefaultListen),
            Token = ReadToken(file, path, Resolve),
            Tls = ReadTls(file.Tls, path, Resolve),
            StateDirectory = stateDirectory,
            Node = ReadNode(file.Node, path, Resolve),
            Storage = StorageConfigFile.FromSection(file.Storage ?? new StorageConfigFile.StorageSection(), getVariable),
            CacheDirectory = Resolve(file.CacheDirectory ?? System.IO.Path.Combine(stateDirectory, "cache")),
        };
    }

    private static string ReadToken(AgentConfigFile file, string path, Func<string, string> resolve)
    {
        var token = ConfigToken.Read(file.Token, file.TokenFile, resolve, $"agent config {path}") ?? throw new InvalidDataException(
            $"agent config {path}: no token; set token_file (a file readable by the agent only) or token, at least {MinimumTokenLength} characters, the same the server uses for this agent.");
        if (token.Length < MinimumTokenLength)
        {
            throw new InvalidDataException($"agent config {path}: the token has {token.Length} characters; use at least {MinimumTokenLength} (e.g. openssl rand -hex 32).");
        }

        return token;
    }

    private static (string, string)? ReadTls(TlsSection? tls, string path, Func<string, string> resolve)
    {
        if (tls is null || (tls.CertificateFile is null && tls.KeyFile is null))
        {
            return null;
        }

        if (tls.CertificateFile is null || tls.KeyFile is null)
        {
            throw new InvalidDataException($"agent config {path}: tls needs both certificate_file and key_file (PEM); leave tls out for a self-signed certificate.");
        }

        return (resolve(tls.CertificateFile), resolve(tls.KeyFile));
    }

    private static NodeSection ReadNode(NodeSection? node, string path, Func<string, string> resolve)
    {
        if (node is null || (node.CassandraYaml is null && node.ScyllaYaml is null))
        {
            throw new InvalidDataException($"agent config {path}: node needs cassandra_yaml (with nodetool) or scylla_yaml: how the agent reaches its node.");
        }

        if (node.CassandraYaml is not null && node.ScyllaYaml is not null)
        {
            throw new InvalidDataException($"agent config {path}: node has both cassandra_yaml and scylla_yaml; keep the one of this node.");
        }

        return new NodeSection
        {
            CassandraYaml = node.CassandraYaml is null ? null : resolve(node.CassandraYaml),
            Nodetool = node.Nodetool ?? "nodetool",
            ScyllaYaml = node.ScyllaYaml is null ? null : resolve(node.ScyllaYaml),
            ScyllaApi = node.ScyllaApi,
            CommitlogSpool = node.CommitlogSpool is null ? null : resolve(node.CommitlogSpool),
        };
    }

    /// <summary>How the agent reaches its node: Cassandra/DSE through cassandra.yaml and nodetool, or Scylla's REST API.</summary>
    public sealed class NodeSection
    {
        public string? CassandraYaml { get; set; }

        /// <summary>The nodetool command line, as the CLI's --nodetool.</summary>
        public string Nodetool { get; set; } = "nodetool";

        public string? ScyllaYaml { get; set; }

        /// <summary>Scylla's REST API address; null: the one scylla.yaml gives.</summary>
        public Uri? ScyllaApi { get; set; }

        /// <summary>The commit log spool; null: &lt;commitlog_directory&gt;/.amphora-archive.</summary>
        public string? CommitlogSpool { get; set; }
    }

    public sealed class TlsSection
    {
        public string? CertificateFile { get; set; }

        public string? KeyFile { get; set; }
    }

    private sealed class AgentConfigFile
    {
        public string? Listen { get; set; }

        public string? Token { get; set; }

        public string? TokenFile { get; set; }

        public TlsSection? Tls { get; set; }

        public string? StateDirectory { get; set; }

        public string? CacheDirectory { get; set; }

        public NodeSection? Node { get; set; }

        public StorageConfigFile.StorageSection? Storage { get; set; }
    }
}

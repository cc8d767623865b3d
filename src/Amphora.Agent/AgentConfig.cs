using System.Net;
using Amphora.Core.Configuration;
using Amphora.Storage;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

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
        var file = Read(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string Resolve(string value) => System.IO.Path.GetFullPath(value, directory);
        var stateDirectory = Resolve(file.StateDirectory ?? DefaultStateDirectory);
        return new AgentConfig
        {
            Path = path,
            Listen = ParseListen(file.Listen ?? DefaultListen, path),
            Token = ReadToken(file, path, Resolve),
            Tls = ReadTls(file.Tls, path, Resolve),
            StateDirectory = stateDirectory,
            Node = ReadNode(file.Node, path, Resolve),
            Storage = StorageConfigFile.FromSection(file.Storage ?? new StorageConfigFile.StorageSection(), getVariable),
            CacheDirectory = Resolve(file.CacheDirectory ?? System.IO.Path.Combine(stateDirectory, "cache")),
        };
    }

    private static AgentConfigFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"agent config file {path} does not exist: create it (listen, token_file, node, storage; see docs/agent.md).", path, e);
        }

        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            return deserializer.Deserialize<AgentConfigFile?>(text) ?? new AgentConfigFile();
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"agent config file {path} is not valid: {e.Message} (keys: listen, token, token_file, tls, state_directory, cache_directory, node, storage).", e);
        }
    }

    private static IPEndPoint ParseListen(string text, string path)
    {
        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port is < 0 or > 65535 || !text.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"agent config {path}: listen '{text}' is not ADDRESS:PORT; write e.g. listen: 0.0.0.0:5090 (or [::]:5090).");
        }

        return endpoint;
    }

    private static string ReadToken(AgentConfigFile file, string path, Func<string, string> resolve)
    {
        if (file.Token is not null && file.TokenFile is not null)
        {
            throw new InvalidDataException($"agent config {path}: give either token or token_file, not both.");
        }

        string token;
        if (file.TokenFile is { } tokenFile)
        {
            try
            {
                token = File.ReadAllText(resolve(tokenFile)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"agent config {path}: token_file {resolve(tokenFile)} cannot be read ({e.Message}); make it readable by the agent's user only.", e);
            }
        }
        else
        {
            token = file.Token?.Trim() ?? throw new InvalidDataException(
                $"agent config {path}: no token; set token_file (a file readable by the agent only) or token, at least {MinimumTokenLength} characters, the same the server uses for this agent.");
        }

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

using System.Net;
using Amphora.Core.Configuration;
using Amphora.Storage;

namespace Amphora.Server.Configuration;

/// <summary>
/// <c>amphora server --config FILE</c>: where the server listens (plain HTTP, or HTTPS with <c>tls:</c>), the bearer token
/// clients must send, the SQLite database holding its state, and the storage provider settings runs use.
/// </summary>
public sealed record ServerConfig
{
    public const string DefaultListen = "127.0.0.1:5080";
    public const string DefaultDatabase = "/var/lib/amphora/server.db";

    /// <summary>Address to bind; port 0 picks a free port (tests).</summary>
    public required IPEndPoint Listen { get; init; }

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>The bearer token every route but /metrics and the OpenAPI document requires; null: none.</summary>
    public string? Token { get; init; }

    public required string SqlitePath { get; init; }

    public required StorageSettings Storage { get; init; }

    public bool UsesTls => CertificateFile is not null;

    /// <summary>Defaults for everything (loopback, no token, no TLS) with the given database; used by tests.</summary>
    public static ServerConfig Local(string sqlitePath, string? token = null) => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        Token = token,
        SqlitePath = sqlitePath,
        Storage = StorageConfigFile.FromSection(new StorageConfigFile.StorageSection(), _ => null),
    };

    public static ServerConfig Load(string path, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Read(path);
        if (file.Database?.Postgres is not null)
        {
            throw new InvalidDataException(
                $"config file {path}: database.postgres is not supported in this version; use database: {{sqlite: PATH}} (the default is {DefaultDatabase}).");
        }

        if (file.Tls is not null && (string.IsNullOrWhiteSpace(file.Tls.CertificateFile) || string.IsNullOrWhiteSpace(file.Tls.KeyFile)))
        {
            throw new InvalidDataException($"config file {path}: tls needs both certificate_file and key_file (PEM files).");
        }

        foreach (var pem in new[] { file.Tls?.CertificateFile, file.Tls?.KeyFile }.OfType<string>().Where(pem => !File.Exists(pem)))
        {
            throw new FileNotFoundException($"config file {path}: TLS file {pem} does not exist.", pem);
        }

        return new ServerConfig
        {
            Listen = ListenAddress.Parse(file.Listen ?? DefaultListen, $"config file {path}", DefaultListen),
            CertificateFile = file.Tls?.CertificateFile,
            KeyFile = file.Tls?.KeyFile,
            Token = ConfigToken.Read(file.Token, file.TokenFile, tokenFile => tokenFile, $"config file {path}"),
            SqlitePath = file.Database?.Sqlite ?? DefaultDatabase,
            Storage = StorageConfigFile.FromSection(file.Storage ?? new StorageConfigFile.StorageSection(), getVariable),
        };
    }

    private static ServerConfigFile Read(string path) =>
        YamlConfigFile.Read<ServerConfigFile>(path, "create it (listen, token, database, storage)", "keys: listen, tls, token, token_file, database, storage");
}

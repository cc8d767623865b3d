using System.Globalization;
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

        if (file.Token is not null && file.TokenFile is not null)
        {
            throw new InvalidDataException($"config file {path}: give token or token_file, not both.");
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
            Listen = ParseListen(file.Listen ?? DefaultListen, path),
            CertificateFile = file.Tls?.CertificateFile,
            KeyFile = file.Tls?.KeyFile,
            Token = file.TokenFile is null ? NonEmpty(file.Token, "token", path) : ReadToken(file.TokenFile, path),
            SqlitePath = file.Database?.Sqlite ?? DefaultDatabase,
            Storage = StorageConfigFile.FromSection(file.Storage ?? new StorageConfigFile.StorageSection(), getVariable),
        };
    }

    public static IPEndPoint ParseListen(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.LastIndexOf(':');
        var host = separator > 0 ? text[..separator].Trim('[', ']') : string.Empty;
        if (separator <= 0 || !ushort.TryParse(text[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidDataException($"config file {path}: listen '{text}' is not HOST:PORT, e.g. {DefaultListen} or 0.0.0.0:5080.");
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new InvalidDataException($"config file {path}: listen '{text}' needs an IP address (127.0.0.1, 0.0.0.0, [::1]) or localhost.");
    }

    private static ServerConfigFile Read(string path) =>
        YamlConfigFile.Read<ServerConfigFile>(path, "create it (listen, token, database, storage)", "keys: listen, tls, token, token_file, database, storage");

    private static string? NonEmpty(string? token, string key, string path) =>
        token is null || token.Trim().Length > 0 ? token?.Trim() : throw new InvalidDataException($"config file {path}: {key} is empty; remove it or give a token.");

    private static string ReadToken(string tokenFile, string path)
    {
        try
        {
            return NonEmpty(File.ReadAllText(tokenFile), "token_file " + tokenFile, path)!;
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"config file {path}: token_file {tokenFile} does not exist.", tokenFile);
        }
    }
}

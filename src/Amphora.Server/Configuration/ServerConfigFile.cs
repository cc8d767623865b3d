using Amphora.Core.Configuration;

namespace Amphora.Server.Configuration;

/// <summary>The server's YAML config file as written (snake_case keys); <see cref="ServerConfig.Load"/> checks and resolves it.</summary>
public sealed class ServerConfigFile
{
    public string? Listen { get; set; }

    public TlsSection? Tls { get; set; }

    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    public DatabaseSection? Database { get; set; }

    public StorageConfigFile.StorageSection? Storage { get; set; }

    public sealed class TlsSection
    {
        public string? CertificateFile { get; set; }

        public string? KeyFile { get; set; }
    }

    public sealed class DatabaseSection
    {
        public string? Sqlite { get; set; }

        public string? Postgres { get; set; }
    }
}

using System.Net;
using Amphora.Server.Configuration;
using Amphora.Tests.Support;

namespace Amphora.Tests.Server;

public sealed class ServerConfigTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private ServerConfig Load(string yaml)
    {
        var path = Path.Combine(_directory.Path, "server.yaml");
        File.WriteAllText(path, yaml);
        return ServerConfig.Load(path, _ => null);
    }

    [Fact]
    public void Defaults_and_every_setting_are_read()
    {
        var defaults = Load("{}\n");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5080), defaults.Listen);
        Assert.Equal(ServerConfig.DefaultDatabase, defaults.SqlitePath);
        Assert.Null(defaults.Token);
        Assert.False(defaults.UsesTls);

        var tokenFile = Path.Combine(_directory.Path, "token");
        File.WriteAllText(tokenFile, "from-file\n");
        var config = Load($"""
            listen: 0.0.0.0:6080
            token_file: {tokenFile}
            database:
              sqlite: /tmp/amphora-test.db
            storage:
              rate_limit_mib: 25
              s3:
                region: eu-west-3
            """);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 6080), config.Listen);
        Assert.Equal("from-file", config.Token);
        Assert.Equal("/tmp/amphora-test.db", config.SqlitePath);
        Assert.Equal(25, config.Storage.RateLimitMebibytesPerSecond);
        Assert.Equal("eu-west-3", config.Storage.S3.Region);
    }

    [Theory]
    [InlineData("database:\n  postgres: host=db\n", "only SQLite is supported", "not supported in this version")]
    [InlineData("listen: nowhere\n", "listen", "ADDRESS:PORT")]
    [InlineData("listen: example.com:80\n", "listen", "IP address")]
    [InlineData("tls:\n  certificate_file: /c.pem\n", "tls", "key_file")]
    [InlineData("token: a\ntoken_file: /t\n", "token", "not both")]
    [InlineData("lisen: 127.0.0.1:1\n", "unknown key", "keys: listen")]
    public void Bad_settings_are_refused_clearly(string yaml, string what, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() => Load(yaml));
        Assert.True(error is InvalidDataException, what);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}

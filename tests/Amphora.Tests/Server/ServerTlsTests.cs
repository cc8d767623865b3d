using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amphora.Api.Server;
using Amphora.Server;
using Amphora.Server.Configuration;
using Amphora.Tests.Server.Support;
using Amphora.Tests.Support;

namespace Amphora.Tests.Server;

public sealed class ServerTlsTests
{
    [Fact]
    public async Task With_tls_the_server_speaks_HTTPS_with_the_configured_certificate()
    {
        using var directory = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=amphora-server-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var (certificateFile, keyFile) = (Path.Combine(directory.Path, "server.crt"), Path.Combine(directory.Path, "server.key"));
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        var config = ServerConfig.Local(Path.Combine(directory.Path, "server.db")) with { CertificateFile = certificateFile, KeyFile = keyFile };
        await using var server = await AmphoraServer.StartAsync(config, new FakeAgentConnectorFactory(), _ => new FakeBackupRunner(), scheduling: false);
        Assert.Equal("https", server.Address.Scheme);

        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                seen = presented?.Thumbprint;
                return presented?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var client = new ServerClient(server.Address, token: null, handler);
        Assert.Empty(await client.ClustersAsync(CancellationToken.None));
        Assert.Equal(certificate.Thumbprint, seen);

        // A client that does not trust the certificate cannot talk to the server.
        using var untrusting = new ServerClient(server.Address, token: null);
        await Assert.ThrowsAsync<ServerUnavailableException>(() => untrusting.ClustersAsync(CancellationToken.None));
    }
}

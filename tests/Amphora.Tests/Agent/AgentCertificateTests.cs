using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amphora.Api.Agent;

namespace Amphora.Tests.Agent;

/// <summary>The agent's self-signed certificate is made once and kept; clients trust it only as their pin says.</summary>
public sealed class AgentCertificateTests
{
    [Fact]
    public async Task The_self_signed_certificate_is_generated_once_private_to_the_agent_and_reused_after_a_restart()
    {
        await using var bench = new AgentBench();
        var first = (await bench.StartAsync()).Fingerprint;
        var pem = await File.ReadAllTextAsync(bench.CertificateFile);
        await bench.StopAsync();
        var second = (await bench.StartAsync()).Fingerprint;

        Assert.Equal(first, second);
        Assert.Equal(pem, await File.ReadAllTextAsync(bench.CertificateFile));
        foreach (var file in Directory.GetFiles(bench.StateDirectory))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value); // ECDSA
        Assert.Equal(256, certificate.GetECDsaPublicKey()!.KeySize);
        Assert.True(certificate.NotAfter > DateTime.UtcNow.AddYears(9), $"valid until {certificate.NotAfter:u} only");
        Assert.Equal(first, Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)));

        // The client pinned to the kept certificate reaches the restarted agent.
        Assert.Equal(bench.Backup.HostId(), (await bench.Client().NodeAsync(CancellationToken.None)).HostId);
    }

    [Fact]
    public async Task A_client_pinned_to_another_certificate_or_fingerprint_refuses_the_agent()
    {
        await using var bench = new AgentBench();
        await bench.StartAsync();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = new CertificateRequest("CN=Other CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        var byCa = await Assert.ThrowsAsync<HttpRequestException>(() => bench.Client(pin: AgentPin.Certificate(otherCa.ExportCertificatePem())).NodeAsync(CancellationToken.None));
        Assert.IsType<AuthenticationException>(byCa.InnerException);
        var byFingerprint = await Assert.ThrowsAsync<HttpRequestException>(
            () => bench.Client(pin: AgentPin.Fingerprint(Convert.ToHexString(otherCa.GetCertHash(HashAlgorithmName.SHA256)))).NodeAsync(CancellationToken.None));
        Assert.IsType<AuthenticationException>(byFingerprint.InnerException);
    }

    [Fact]
    public async Task A_fingerprint_pin_reaches_the_agent_and_trust_on_first_use_reports_the_fingerprint_it_saw()
    {
        await using var bench = new AgentBench();
        var host = await bench.StartAsync();
        var colonSeparated = string.Join(':', Convert.FromHexString(host.Fingerprint).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

        var pinned = bench.Client(pin: AgentPin.Fingerprint(colonSeparated));
        Assert.Equal(bench.Backup.HostId(), (await pinned.NodeAsync(CancellationToken.None)).HostId);

        using var firstUse = new AgentClient(bench.Address, AgentBench.Token, pin: null);
        Assert.Null(firstUse.SeenFingerprint);
        await firstUse.SnapshotsAsync(CancellationToken.None);
        Assert.Equal(host.Fingerprint, firstUse.SeenFingerprint);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Amphora.Agent;

/// <summary>
/// The agent's TLS certificate: the configured PEM pair, or a self-signed one (ECDSA P-256, ten years, CN and SAN the host's
/// name and addresses) made once and kept in the state directory, so the server's pin stays valid across restarts.
/// </summary>
public static class AgentCertificate
{
    public const string CertificateFileName = "agent-certificate.pem";
    public const string KeyFileName = "agent-key.pem";

    public static X509Certificate2 Load(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Tls is { } tls)
        {
            return FromPem(tls.CertificateFile, tls.KeyFile, "tls.certificate_file / tls.key_file in " + config.Path);
        }

        var certificateFile = Path.Combine(config.StateDirectory, CertificateFileName);
        var keyFile = Path.Combine(config.StateDirectory, KeyFileName);
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            CreateSelfSigned(certificateFile, keyFile, config.Listen.Address);
        }

        return FromPem(certificateFile, keyFile, $"the agent's own certificate in {config.StateDirectory} (delete both files to make a new one)");
    }

    /// <summary>The SHA-256 of the certificate's DER bytes, as lowercase hex: what a server pins.</summary>
    public static string Fingerprint(X509Certificate2 certificate) => Api.Agent.AgentPin.FingerprintOf(certificate);

    private static X509Certificate2 FromPem(string certificateFile, string keyFile, string what)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // Kestrel on Linux takes the ephemeral key as it is; a PKCS#12 round trip keeps it usable everywhere.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot load {what}: {e.Message}. Give a PEM certificate and its PEM private key.", e);
        }
    }

    private static void CreateSelfSigned(string certificateFile, string keyFile, IPAddress listenAddress)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(certificateFile)!);
        var hostName = Dns.GetHostName();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddDnsName("localhost");
        foreach (var address in HostAddresses(hostName, listenAddress))
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
        WritePrivate(certificateFile, certificate.ExportCertificatePem());
    }

    private static IEnumerable<IPAddress> HostAddresses(string hostName, IPAddress listenAddress)
    {
        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(hostName);
        }
        catch (SocketException)
        {
            resolved = [];
        }

        return resolved.Append(IPAddress.Loopback).Append(IPAddress.IPv6Loopback)
            .Concat(listenAddress.Equals(IPAddress.Any) || listenAddress.Equals(IPAddress.IPv6Any) ? [] : [listenAddress])
            .Distinct();
    }

    /// <summary>Written readable by the agent's user only (mode 0600) from the first byte, then renamed into place.</summary>
    private static void WritePrivate(string path, string text)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

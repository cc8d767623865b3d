using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Amphora.Api.Agent;

/// <summary>
/// How a client trusts an agent's certificate: a CA or self-signed certificate (PEM) that must be the chain's root, the
/// SHA-256 fingerprint of the agent's own certificate, or trust on first use (accept any and report what was seen).
/// </summary>
public sealed class AgentPin
{
    private readonly X509Certificate2? _root;
    private readonly Lock _gate = new();
    private readonly Action<string>? _learned;
    private string? _fingerprint;

    private AgentPin(X509Certificate2? root, string? fingerprint, Action<string>? learned = null)
    {
        _root = root;
        _fingerprint = fingerprint;
        _learned = learned;
    }

    public static AgentPin TrustOnFirstUse { get; } = new(null, null);

    /// <summary>
    /// Trusts the first certificate seen and pins it from then on: <paramref name="learned"/> gets its fingerprint (for the
    /// caller to store), and any other certificate presented later is refused.
    /// </summary>
    public static AgentPin LearnOnFirstUse(Action<string> learned)
    {
        ArgumentNullException.ThrowIfNull(learned);
        return new AgentPin(null, null, learned);
    }

    /// <summary>The agent's chain must end at this certificate; a host name mismatch is tolerated only when it is the agent's own.</summary>
    public static AgentPin Certificate(string pem) => new(X509Certificate2.CreateFromPem(pem), null);

    /// <summary>The agent's own certificate must have this SHA-256 (hex, colons and case ignored).</summary>
    public static AgentPin Fingerprint(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var normalized = sha256.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
        if (normalized.Length != 64 || !normalized.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 fingerprint (64 hex digits).", nameof(sha256));
        }

        return new AgentPin(null, normalized);
    }

    public static string FingerprintOf(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    internal bool Accepts(X509Certificate2 leaf, SslPolicyErrors errors)
    {
        string? pinned;
        lock (_gate)
        {
            if (_fingerprint is null && _learned is not null)
            {
                _fingerprint = FingerprintOf(leaf);
                _learned(_fingerprint);
                return true;
            }

            pinned = _fingerprint;
        }

        if (pinned is not null)
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(FingerprintOf(leaf)), Convert.FromHexString(pinned));
        }

        if (_root is null)
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(leaf))
        {
            return false;
        }

        var nameMismatch = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        return !nameMismatch || leaf.RawDataMemory.Span.SequenceEqual(_root.RawDataMemory.Span);
    }
}

namespace Amphora.Api.Server;

/// <summary>
/// <c>amphora cluster add</c>: a name, the agents' addresses (<c>host:port</c>), the bearer token they share, and optionally
/// the PEM of the CA (or self-signed certificate) that pins their TLS certificates. Without one, each agent's certificate
/// is pinned on first contact (its SHA-256 fingerprint is stored, and a changed certificate is refused).
/// </summary>
public sealed record ClusterRegistration
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Agents { get; init; }

    public required string Token { get; init; }

    public string? CaCertificatePem { get; init; }
}

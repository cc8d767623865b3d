using Amphora.Api.Server;

namespace Amphora.Server.State;

/// <summary>A registered cluster as the server keeps it: what clients see, plus how to reach its agents (never shown).</summary>
public sealed record StoredCluster
{
    public required ClusterInfo Info { get; init; }

    public required string Token { get; init; }

    public string? CaCertificatePem { get; init; }

    /// <summary>Agent address to the SHA-256 fingerprint pinned on first contact.</summary>
    public required IReadOnlyDictionary<string, string> Fingerprints { get; init; }

    public string Name => Info.Name;
}

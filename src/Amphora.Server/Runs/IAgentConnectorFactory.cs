namespace Amphora.Server.Runs;

/// <summary>Builds the connector for a cluster from what the server stored when it was added.</summary>
public interface IAgentConnectorFactory
{
    /// <param name="token">The bearer token the cluster's agents share.</param>
    /// <param name="caCertificatePem">The CA (or self-signed certificate) pinning the agents' certificates; null: per-agent fingerprints.</param>
    /// <param name="fingerprints">Agent address to the SHA-256 fingerprint seen on first contact; an address without one is pinned on first use.</param>
    IAgentConnector Create(string token, string? caCertificatePem, IReadOnlyDictionary<string, string> fingerprints);
}

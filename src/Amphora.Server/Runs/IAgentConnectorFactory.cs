namespace Amphora.Server.Runs;

/// <summary>Builds the connector for a cluster from what the server stored when it was added.</summary>
public interface IAgentConnectorFactory
{
    /// <param name="token">The bearer token the cluster's agents share.</param>
    /// <param name="caCertificatePem">The CA (or self-signed certificate) pinning the agents' certificates; null: per-agent fingerprints.</param>
    /// <param name="fingerprints">Agent address to the SHA-256 fingerprint of its certificate. An agent without one is trusted on first contact and its fingerprint is added here, for the caller to store.</param>
    IAgentConnector Create(string token, string? caCertificatePem, IDictionary<string, string> fingerprints);
}

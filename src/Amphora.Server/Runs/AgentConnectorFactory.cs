using System.Collections.Concurrent;
using Amphora.Api.Agent;

namespace Amphora.Server.Runs;

/// <summary>
/// Reaches agents over HTTPS with the cluster's token. Certificates are pinned by the cluster's CA when one was given, else
/// by each agent's fingerprint; an agent seen for the first time is trusted once and its fingerprint recorded, so a
/// certificate that changes afterwards is refused.
/// </summary>
public sealed class AgentConnectorFactory : IAgentConnectorFactory
{
    public IAgentConnector Create(string token, string? caCertificatePem, IDictionary<string, string> fingerprints) =>
        new Connector(token, caCertificatePem, fingerprints);

    private sealed class Connector(string token, string? caCertificatePem, IDictionary<string, string> fingerprints) : IAgentConnector
    {
        // One client per agent for the connector's life: each keeps its connections, and the first contact records the pin.
        private readonly ConcurrentDictionary<string, IAgentApi> _clients = new(StringComparer.Ordinal);

        public IAgentApi Connect(string agent) => _clients.GetOrAdd(agent, address => new AgentClient(address, token, PinFor(address)));

        private AgentPin PinFor(string address)
        {
            if (caCertificatePem is not null)
            {
                return AgentPin.Certificate(caCertificatePem);
            }

            lock (fingerprints)
            {
                return fingerprints.TryGetValue(address, out var fingerprint)
                    ? AgentPin.Fingerprint(fingerprint)
                    : AgentPin.LearnOnFirstUse(seen =>
                    {
                        lock (fingerprints)
                        {
                            fingerprints[address] = seen;
                        }
                    });
            }
        }
    }
}

using Amphora.Api.Agent;

namespace Amphora.Server.Runs;

/// <summary>Reaches the agents of one registered cluster, with that cluster's token and certificate pins.</summary>
public interface IAgentConnector
{
    IAgentApi Connect(string agent);
}

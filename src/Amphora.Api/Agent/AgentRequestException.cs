using System.Net;

namespace Amphora.Api.Agent;

/// <summary>The agent refused or failed a request (bad request, failure on the node); the message is the agent's.</summary>
public sealed class AgentRequestException(string message, HttpStatusCode status) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

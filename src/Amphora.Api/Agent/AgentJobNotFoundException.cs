namespace Amphora.Api.Agent;

/// <summary>The agent does not know the job: it was restarted since the job began (jobs live in the agent's memory).</summary>
public sealed class AgentJobNotFoundException(string jobId, string agent)
    : Exception($"agent {agent} does not know job {jobId}; it was probably restarted while the job ran.")
{
    public string JobId { get; } = jobId;
}

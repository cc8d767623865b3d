using Amphora.Api.Metrics;

namespace Amphora.Agent;

/// <summary>The agent's metrics (<c>amphora_agent_*</c>): transfers, jobs, the last good backup, and what waits on the node's disk.</summary>
public sealed class AgentMetrics
{
    public const string Uploaded = "uploaded";
    public const string Skipped = "skipped";
    public const string Failed = "failed";

    private readonly MetricFamily _bytes;
    private readonly MetricFamily _files;
    private readonly MetricFamily _jobs;
    private readonly MetricFamily _lastBackup;

    public AgentMetrics()
    {
        _bytes = Registry.Counter("amphora_agent_transfer_bytes_total", "Bytes of backed-up files: uploaded, skipped (the location held the content) or failed.", "kind");
        _files = Registry.Counter("amphora_agent_transfer_files_total", "Backed-up files: uploaded, skipped (the location held the content) or failed.", "kind");
        _jobs = Registry.Counter("amphora_agent_jobs_total", "Jobs that ended, by kind and final state.", "kind", "status");
        _lastBackup = Registry.Gauge("amphora_agent_last_successful_backup_timestamp_seconds", "When the last backup job succeeded (unix seconds).");
    }

    public MetricsRegistry Registry { get; } = new();

    public void FileTransferred(string kind, long bytes)
    {
        _files.Increment(1, kind);
        _bytes.Increment(bytes, kind);
    }

    public void JobEnded(string kind, string state, DateTimeOffset at)
    {
        _jobs.Increment(1, kind, state);
        if (kind == Api.Agent.JobKind.Backup && state == Api.Agent.JobState.Succeeded)
        {
            _lastBackup.Set(at.ToUnixTimeSeconds());
        }
    }
}

using System.Collections.Concurrent;
using Amphora.Api.Agent;
using Amphora.Api.Metrics;
using Amphora.Api.Server;

namespace Amphora.Server.Runs;

/// <summary>The server's backup metrics (<c>amphora_server_*</c>): what runs moved and how they ended, and how old each cluster's newest backup is.</summary>
public sealed class ServerMetrics
{
    private readonly MetricFamily _bytes;
    private readonly MetricFamily _files;
    private readonly MetricFamily _runs;
    private readonly MetricFamily _lastSuccess;
    private readonly MetricFamily _nodeLastSuccess;
    private readonly MetricFamily _age;
    private readonly ConcurrentDictionary<(string Cluster, string Task), DateTimeOffset> _successes = new();

    public ServerMetrics(MetricsRegistry registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _bytes = registry.Counter("amphora_server_backup_bytes_total", "Bytes of backup files handled by runs, by result: uploaded, skipped (the location had the content) or failed.", "cluster", "task", "result");
        _files = registry.Counter("amphora_server_backup_files_total", "Backup files handled by runs, by result: uploaded, skipped or failed.", "cluster", "task", "result");
        _runs = registry.Counter("amphora_server_backup_runs_total", "Backup runs ended, by status (succeeded, failed, stopped).", "cluster", "task", "status");
        _lastSuccess = registry.Gauge("amphora_server_backup_last_success_timestamp_seconds", "When the task's newest successful run finished (Unix time).", "cluster", "task");
        _nodeLastSuccess = registry.Gauge("amphora_server_node_backup_last_success_timestamp_seconds", "When the node's part of a successful run finished (Unix time).", "cluster", "host_id");
        _age = registry.Gauge("amphora_server_backup_age_seconds", "Seconds since the task's newest successful run finished.", "cluster", "task");
        registry.BeforeScrape(() =>
        {
            foreach (var ((cluster, task), finished) in _successes)
            {
                _age.Set((time.GetUtcNow() - finished).TotalSeconds, cluster, task);
            }
        });
    }

    public void NodeDone(string cluster, string task, NodeRunInfo node, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(node);
        Add(cluster, task, node.Totals);
        if (node.Stage == NodeStage.Done)
        {
            _nodeLastSuccess.Set(finishedAt.ToUnixTimeMilliseconds() / 1000.0, cluster, node.HostId.ToString());
        }
    }

    public void RunEnded(string cluster, string task, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _runs.Increment(1, cluster, task, run.Status);
        if (run.Status == RunStatus.Succeeded && run.FinishedAt is { } finished)
        {
            _successes[(cluster, task)] = finished;
            _lastSuccess.Set(finished.ToUnixTimeMilliseconds() / 1000.0, cluster, task);
        }
    }

    private void Add(string cluster, string task, TransferCounters counters)
    {
        _bytes.Increment(counters.UploadedBytes, cluster, task, "uploaded");
        _bytes.Increment(counters.SkippedBytes, cluster, task, "skipped");
        _bytes.Increment(counters.FailedBytes, cluster, task, "failed");
        _files.Increment(counters.UploadedFiles, cluster, task, "uploaded");
        _files.Increment(counters.SkippedFiles, cluster, task, "skipped");
        _files.Increment(counters.FailedFiles, cluster, task, "failed");
    }
}

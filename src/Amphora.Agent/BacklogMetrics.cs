using Amphora.Api.Metrics;
using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;
using Amphora.Core.Snapshots;

namespace Amphora.Agent;

/// <summary>Gauges read from the node's disk at each scrape: space only snapshots hold, and what waits to be shipped.</summary>
public sealed class BacklogMetrics(MetricsRegistry registry, AgentNode node)
{
    public void Register()
    {
        var snapshotBytes = registry.Gauge("amphora_agent_snapshot_true_size_bytes", "Disk space held only by local snapshots (their true size).");
        var incrementalFiles = registry.Gauge("amphora_agent_incremental_backlog_files", "Files in the tables' backups/ directories not yet shipped.");
        var incrementalBytes = registry.Gauge("amphora_agent_incremental_backlog_bytes", "Bytes in the tables' backups/ directories not yet shipped.");
        var segments = registry.Gauge("amphora_agent_commitlog_backlog_segments", "Commit log segments in the spool not yet shipped.");
        var segmentBytes = registry.Gauge("amphora_agent_commitlog_backlog_bytes", "Bytes of the commit log segments in the spool not yet shipped.");
        registry.BeforeScrape(() =>
        {
            var dataDirectories = node.Adapter.DataDirectories;
            Refresh([snapshotBytes], () => snapshotBytes.Set(LocalSnapshotScanner.Scan(dataDirectories).Snapshots.Sum(s => s.TrueSize)));
            Refresh([incrementalFiles, incrementalBytes], () =>
            {
                var waiting = BackupsDirectoryScanner.Scan(DataDirectoryScanner.Tables(dataDirectories)).Files;
                incrementalFiles.Set(waiting.Count);
                incrementalBytes.Set(waiting.Sum(f => SizeOf(f.FullPath)));
            });
            Refresh([segments, segmentBytes], () =>
            {
                var spool = new SegmentSpool(node.CommitLogSpool);
                var spooled = Directory.Exists(spool.Directory) ? spool.List().Segments : [];
                segments.Set(spooled.Count);
                segmentBytes.Set(spooled.Sum(s => SizeOf(spool.PathOf(s.FileName))));
            });
        });
    }

    /// <summary>A disk that cannot be read leaves its gauges empty for this scrape rather than failing the others or showing stale values.</summary>
    private static void Refresh(MetricFamily[] gauges, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            foreach (var gauge in gauges)
            {
                gauge.Clear();
            }
        }
    }

    /// <summary>A file shipped or compacted away between the listing and the stat counts as nothing.</summary>
    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}

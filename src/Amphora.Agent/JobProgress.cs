using Amphora.Api.Agent;
using Amphora.Core.Backup;

namespace Amphora.Agent;

/// <summary>
/// A job's per-table transfer counters, fed by the backup's progress reports: each planned file is known by its path, so a
/// finished or failed file counts for its keyspace and table. Every file also counts in the agent's metrics.
/// </summary>
public sealed class JobProgress(AgentMetrics metrics) : IBackupProgress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Keyspace, string Table)> _tableOfFile = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Keyspace, string Table), TransferCounters> _tables = new();
    private string? _stage;

    public string? CurrentStage
    {
        get
        {
            lock (_gate)
            {
                return _stage;
            }
        }
    }

    public IReadOnlyList<TableProgress> Tables
    {
        get
        {
            lock (_gate)
            {
                return [.. _tables.Select(pair => new TableProgress(pair.Key.Keyspace, pair.Key.Table, pair.Value))];
            }
        }
    }

    public void Stage(string description)
    {
        lock (_gate)
        {
            _stage = description;
        }
    }

    public void Planned(long files, long bytes)
    {
        // The per-table plan comes with PlannedFiles.
    }

    public void PlannedFiles(IReadOnlyList<(SnapshotFile File, long Bytes)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        lock (_gate)
        {
            foreach (var (file, bytes) in files)
            {
                var table = (file.Table.Keyspace, file.Table.Table);
                _tableOfFile[file.FullPath] = table;
                var counters = _tables.GetValueOrDefault(table) ?? new TransferCounters();
                _tables[table] = counters with { Files = counters.Files + 1, Bytes = counters.Bytes + bytes };
            }
        }
    }

    public void FileDone(string path, long bytes, bool uploaded)
    {
        metrics.FileTransferred(uploaded ? AgentMetrics.Uploaded : AgentMetrics.Skipped, bytes);
        Update(path, counters => uploaded
            ? counters with { UploadedFiles = counters.UploadedFiles + 1, UploadedBytes = counters.UploadedBytes + bytes }
            : counters with { SkippedFiles = counters.SkippedFiles + 1, SkippedBytes = counters.SkippedBytes + bytes });
    }

    public void FileFailed(string path, long bytes)
    {
        metrics.FileTransferred(AgentMetrics.Failed, bytes);
        Update(path, counters => counters with { FailedFiles = counters.FailedFiles + 1, FailedBytes = counters.FailedBytes + bytes });
    }

    private void Update(string path, Func<TransferCounters, TransferCounters> change)
    {
        lock (_gate)
        {
            if (_tableOfFile.TryGetValue(path, out var table))
            {
                _tables[table] = change(_tables[table]);
            }
        }
    }
}

using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Major compaction (nodetool compact): all of a table's SSTables merged into one per data directory.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Environment variable naming a file the compaction creates once its new Data.db files are on disk (with the
    /// transaction log and inputs still there); it then waits until the file is deleted. A test hook.
    /// </summary>
    public const string CompactionPauseVariable = "AMPHORA_SANDBOX_COMPACTION_PAUSE_FILE";

    public void Compact(IReadOnlyList<TableSchema> tables)
    {
        foreach (var table in tables)
        {
            CompactTable(table);
        }
    }

    private void CompactTable(TableSchema table)
    {
        // Phase 1, under the lock: choose the inputs, allocate outputs and log the transaction.
        List<SSTableDescriptor> inputs = [];
        List<PlannedSSTable> plan = [];
        NodeState? planning = null;
        TransactionLog? log = null;
        var context = new SSTableStats();
        WithRunningNode((state, config) =>
        {
            inputs = LiveSSTables(state, table).ToList();
            if (inputs.Count == 0)
            {
                return;
            }

            var byKey = new Dictionary<string, Row>();
            foreach (var row in inputs.SelectMany(SSTableReader.ReadRows))
            {
                var key = Convert.ToHexString(row.Key);
                byKey[key] = byKey.TryGetValue(key, out var current) ? Row.Reconcile(current, row) : row;
            }

            plan = PlanSSTables(state, config, table, null, byKey.Values);
            context = CoverageOf(LocalCommitLogIntervals(state, inputs));
            log = new TransactionLog(Format.Version, TimeUuid.New(), config.DataDirectories.Select(d => TableDirectory(d, table)));
            foreach (var output in plan)
            {
                log.Add(output.Descriptor);
            }

            foreach (var input in inputs)
            {
                log.Remove(input);
            }

            planning = state;
        });

        if (log is null || planning is null)
        {
            return;
        }

        // Phase 2, without the lock (flushes, snapshots and writes go on): write the outputs.
        // Compaction output is never linked into backups/.
        var outputs = WritePlanned(planning, Config, table, null, plan, context, linkIntoBackups: false, midway: PauseIfAsked);

        // Phase 3, under the lock: commit, swap the live set, delete the inputs.
        WithRunningNode((state, _) =>
        {
            log.Commit();
            var live = state.LiveOf(LiveKey(table, null));
            live.RemoveAll(p => inputs.Any(i => i.DataPath == p));
            live.AddRange(outputs.Select(o => o.DataPath));

            foreach (var input in inputs)
            {
                DeleteSSTable(input);
            }

            log.Delete();
        });
    }

    /// <summary>Compaction output holds the commit log intervals of its inputs (MetadataCollector unites them).</summary>
    private static SSTableStats CoverageOf(List<CommitLogInterval> intervals) => new()
    {
        CommitLogIntervals = intervals,
        CommitLogLowerBound = intervals.Count == 0 ? CommitLogPosition.None : intervals.Min(i => i.Lower),
        CommitLogUpperBound = intervals.Count == 0 ? CommitLogPosition.None : intervals.Max(i => i.Upper),
    };

    private static void PauseIfAsked()
    {
        var pauseFile = Environment.GetEnvironmentVariable(CompactionPauseVariable);
        if (string.IsNullOrEmpty(pauseFile))
        {
            return;
        }

        File.WriteAllText(pauseFile, "compaction paused; delete this file to let it finish\n");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (File.Exists(pauseFile) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }
}

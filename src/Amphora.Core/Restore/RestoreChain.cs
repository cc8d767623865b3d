using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>
/// What a restore to a later moment than a snapshot uses: the base snapshot, the incremental SSTables written after it
/// that are taken, and those left out (with why). <see cref="Manifest"/> merges them into one node manifest that the
/// restore planner places like a snapshot's.
/// </summary>
public sealed record RestoreChain(
    NodeManifest Snapshot,
    IReadOnlyList<NodeManifest> Incrementals,
    IReadOnlyList<ChainedSSTable> Taken,
    IReadOnlyList<ChainedSSTable> LeftOut)
{
    /// <summary>The snapshot's tables with the taken incremental SSTables' files added (tables created after it appended).</summary>
    public NodeManifest Manifest
    {
        get
        {
            var tables = Snapshot.Tables.ToList();
            foreach (var group in Taken.GroupBy(s => TableKey.Of(s.Table)))
            {
                var index = tables.FindIndex(t => TableKey.Of(t) == group.Key);
                var files = group.SelectMany(s => s.Files).ToList();
                var summaries = group.Select(s => s.SSTable).ToList();
                if (index < 0)
                {
                    tables.Add(group.First().Table with { Files = files, SSTables = summaries });
                }
                else
                {
                    tables[index] = tables[index] with { Files = [.. tables[index].Files, .. files], SSTables = [.. tables[index].SSTables, .. summaries] };
                }
            }

            return Snapshot with { Tables = tables };
        }
    }
}

/// <summary>One incremental SSTable: the backup it came from, its table, summary and files (data directories mapped to the snapshot's).</summary>
public sealed record ChainedSSTable(string Tag, TableEntry Table, SSTableSummary SSTable, IReadOnlyList<FileEntry> Files, string? Reason = null)
{
    public long Bytes => Files.Sum(f => f.Size);
}

/// <summary>A table's identity across backups: a dropped and re-created table has another id.</summary>
public readonly record struct TableKey(string Keyspace, string Table, string? TableId)
{
    public static TableKey Of(TableEntry table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new TableKey(table.Keyspace, table.Table, table.TableId);
    }
}

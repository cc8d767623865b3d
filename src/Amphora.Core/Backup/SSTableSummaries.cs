using Amphora.Core.Repository;
using Amphora.Core.SSTables;

namespace Amphora.Core.Backup;

/// <summary>
/// The manifest's per-SSTable entries of one table: each SSTable's prefix and, from its Statistics.db, the time bounds a
/// point-in-time restore filters on. An unreadable Statistics.db never fails the backup: the SSTable is recorded without
/// bounds (meaning "may hold anything") and a warning names it.
/// </summary>
public static class SSTableSummaries
{
    private const string Statistics = "Statistics.db";

    public static async Task<IReadOnlyList<SSTableSummary>> BuildAsync(IEnumerable<SnapshotFile> tableFiles, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tableFiles);
        ArgumentNullException.ThrowIfNull(warn);
        var summaries = new List<SSTableSummary>();
        var sstables = tableFiles.Where(f => f.SSTable is not null)
            .GroupBy(f => PrefixOf(f), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var sstable in sstables)
        {
            var name = sstable.First().SSTable!;
            var statistics = sstable.FirstOrDefault(f => f.SSTable!.Component == Statistics);
            summaries.Add(new SSTableSummary
            {
                Prefix = sstable.Key,
                Version = name.Version,
                Id = name.Id,
                Format = name.Format,
                TimeBounds = statistics is null ? null : await TimeBoundsAsync(statistics, warn, cancellationToken).ConfigureAwait(false),
            });
        }

        return summaries;
    }

    /// <summary>The SSTable's prefix relative to the table's snapshot directory: <c>nb-1-big-</c> or <c>.idx/nb-1-big-</c>.</summary>
    public static string PrefixOf(SnapshotFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.RelativePath[..^file.SSTable!.Component.Length];
    }

    private static async Task<SSTableTimeBounds?> TimeBoundsAsync(SnapshotFile file, Action<string> warn, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(file.FullPath).Length;
            if (length > SSTableStatistics.MaxLength)
            {
                throw new SSTableFormatException($"it is {length} bytes, over the {SSTableStatistics.MaxLength}-byte limit");
            }

            var statistics = SSTableStatistics.Parse(await File.ReadAllBytesAsync(file.FullPath, cancellationToken).ConfigureAwait(false), SSTableVersion.Of(file.SSTable!));
            return new SSTableTimeBounds
            {
                MinTimestamp = statistics.MinTimestamp,
                MaxTimestamp = statistics.MaxTimestamp,
                MinLocalDeletionTime = statistics.MinLocalDeletionTime,
                MaxLocalDeletionTime = statistics.MaxLocalDeletionTime,
            };
        }
        catch (Exception e) when (e is SSTableFormatException or IOException or UnauthorizedAccessException)
        {
            warn($"warning: {file.FullPath}: time bounds not recorded ({e.Message}); a point-in-time restore will treat this SSTable as possibly holding any time");
            return null;
        }
    }
}

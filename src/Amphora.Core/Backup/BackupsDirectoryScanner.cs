using Amphora.Core.Repository;
using Amphora.Core.SSTables;

namespace Amphora.Core.Backup;

/// <summary>
/// Finds what an incremental backup may ship in the tables' <c>backups/</c> directories (where Cassandra hard-links every
/// SSTable it flushes or streams in when incremental_backups is on; an index's SSTables under <c>backups/.&lt;index&gt;/</c>).
/// Only complete SSTables: TOC.txt present and every component it lists present, because Cassandra links components one
/// by one; an incomplete one waits for the next pass. Other files (not SSTable components, temporary, deeper directories)
/// are ignored and never shipped or deleted.
/// </summary>
public static class BackupsDirectoryScanner
{
    public const string DirectoryName = "backups";

    private const string Toc = "TOC.txt";

    /// <summary>The complete SSTables' files, and one line per SSTable left for a later pass saying why.</summary>
    public static BackupsDirectoryScan Scan(IEnumerable<TableDirectory> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var files = new List<SnapshotFile>();
        var waiting = new List<string>();
        foreach (var table in tables)
        {
            var backups = Path.Combine(table.Path, DirectoryName);
            if (!Directory.Exists(backups) || BackupExclusions.IsExcludedTable(table.Keyspace, table.Table))
            {
                continue;
            }

            var sstables = DataDirectoryScanner.FilesUnder(table, backups)
                .Where(f => f.SSTable is not null && TableFilePath.Problem(f.RelativePath) is null)
                .GroupBy(SSTableSummaries.PrefixOf, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var sstable in sstables)
            {
                if (MissingPart(sstable.ToList()) is { } missing)
                {
                    waiting.Add($"{Path.Combine(backups, sstable.Key)}*: {missing}");
                }
                else
                {
                    files.AddRange(sstable.OrderBy(f => f.RelativePath, StringComparer.Ordinal));
                }
            }
        }

        return new BackupsDirectoryScan(files, waiting);
    }

    /// <summary>Why the SSTable is not complete yet, or null when TOC.txt and every component it lists are there.</summary>
    private static string? MissingPart(IReadOnlyList<SnapshotFile> components)
    {
        var toc = components.FirstOrDefault(f => f.SSTable!.Component == Toc);
        if (toc is null)
        {
            return "no TOC.txt yet";
        }

        IReadOnlyList<string> listed;
        try
        {
            var length = new FileInfo(toc.FullPath).Length;
            listed = length > TocFile.MaxLength
                ? throw new SSTableFormatException($"TOC.txt is {length} bytes; a table of contents is never over {TocFile.MaxLength}.")
                : TocFile.Parse(File.ReadAllBytes(toc.FullPath));
        }
        catch (Exception e) when (e is SSTableFormatException or FileNotFoundException)
        {
            return $"TOC.txt is unreadable ({e.Message})";
        }

        var present = components.Select(f => f.SSTable!.Component).ToHashSet(StringComparer.Ordinal);
        var absent = listed.Where(c => !present.Contains(c)).ToList();
        return absent.Count == 0 ? null : $"TOC.txt lists {string.Join(", ", absent)}, not there yet";
    }
}

/// <summary>What a scan of the backups/ directories found: complete SSTables' files, and the SSTables left waiting.</summary>
public sealed record BackupsDirectoryScan(IReadOnlyList<SnapshotFile> Files, IReadOnlyList<string> Waiting);

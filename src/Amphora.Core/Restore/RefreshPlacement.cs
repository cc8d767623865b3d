using System.Globalization;
using Amphora.Core.SSTables;

namespace Amphora.Core.Restore;

/// <summary>
/// For nodetool refresh (Cassandra 3.x), which loads new SSTables found in the table's own directories: staged SSTables are
/// renamed into them under generations above every one the table has, so nothing already there is overwritten.
/// </summary>
public static class RefreshPlacement
{
    public static void MoveIntoTable(TableRestorePlan table, IReadOnlyList<string> dataDirectories)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(dataDirectories);
        var (directoryName, _) = TableDirectoryResolver.Resolve(dataDirectories, table.TargetKeyspace, table.TargetTable, table.Source.TableId);
        var tableDirectories = dataDirectories.Select(d => Path.Combine(d, table.TargetKeyspace, directoryName)).ToList();
        if (!tableDirectories.Any(Directory.Exists))
        {
            throw new ArgumentException($"{table.TargetName} has no directory on the node; create the table first (see 'amphora restore schema').");
        }

        var next = tableDirectories.Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(f => SSTableFileName.TryParse(Path.GetFileName(f), out var name) ? name : null)
            .Where(n => n is not null && long.TryParse(n.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(n => long.Parse(n!.Id, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max() + 1;
        foreach (var sstable in table.Files.Where(f => File.Exists(f.StagingPath)).GroupBy(f => (f.DataDirectory, f.Entry.SSTable!.Id)))
        {
            var generation = (next++).ToString(CultureInfo.InvariantCulture);
            foreach (var file in sstable)
            {
                var component = file.Entry.SSTable!;
                if (component.Format is not ("big" or "bti"))
                {
                    throw new ArgumentException($"{file.Entry.Path} uses the pre-3.0 naming; nodetool refresh of such SSTables is not supported, restore with --in-place.");
                }

                var id = long.TryParse(component.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? generation : component.Id;
                var target = Path.Combine(tableDirectories[file.DataDirectory], $"{component.Version}-{id}-{component.Format}-{component.Component}");
                File.Move(file.StagingPath, target);
            }
        }
    }
}

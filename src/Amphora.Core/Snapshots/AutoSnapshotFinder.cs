using System.Globalization;
using Amphora.Core.Backup;

namespace Amphora.Core.Snapshots;

/// <summary>
/// Finds a node's automatic snapshots (<see cref="AutoSnapshotName"/>) in its data directories, one row per snapshot
/// and table with its files and bytes summed over every data directory, newest first.
/// </summary>
public static class AutoSnapshotFinder
{
    public static IReadOnlyList<AutoSnapshot> Find(IReadOnlyList<string> dataDirectories)
    {
        var tables = DataDirectoryScanner.Tables(dataDirectories);
        var found = new List<(AutoSnapshotName Parsed, string Name, TableDirectory Table, int Files, long Size)>();
        foreach (var table in tables)
        {
            var snapshots = Path.Combine(table.Path, "snapshots");
            if (!Directory.Exists(snapshots))
            {
                continue;
            }

            foreach (var snapshot in Directory.GetDirectories(snapshots))
            {
                var name = Path.GetFileName(snapshot);
                if (AutoSnapshotName.TryParse(name) is not { } parsed)
                {
                    continue;
                }

                var files = new DirectoryInfo(snapshot).GetFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
                found.Add((parsed, name, table, files.Length, files.Sum(f => f.Length)));
            }
        }

        return found.GroupBy(f => (f.Name, f.Table.Keyspace, f.Table.Table, f.Table.TableId))
            .Select(g => new AutoSnapshot(
                g.Key.Name,
                g.First().Parsed.Kind,
                g.Key.Keyspace,
                g.Key.Table,
                g.Key.TableId,
                g.First().Parsed.TakenAt,
                g.Sum(f => f.Files),
                g.Sum(f => f.Size),
                NewerTableId(tables, g.First().Table)))
            .OrderByDescending(s => s.TakenAt).ThenBy(s => s.Keyspace, StringComparer.Ordinal).ThenBy(s => s.Table, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The newest id among the table's other directories created after this one, or null. Table ids are time UUIDs
    /// (version 1) since 2.1, so their time orders them; ids that are not fall back to the directories' modification times.
    /// </summary>
    private static string? NewerTableId(IReadOnlyList<TableDirectory> tables, TableDirectory table)
    {
        if (table.TableId is null)
        {
            return null;
        }

        var mine = Created(table);
        return tables.Where(t => t.Keyspace == table.Keyspace && t.Table == table.Table && t.TableId is not null && t.TableId != table.TableId)
            .Select(t => (t.TableId, Created: Created(t)))
            .Where(t => t.Created > mine)
            .OrderByDescending(t => t.Created)
            .Select(t => t.TableId)
            .FirstOrDefault();
    }

    private static DateTimeOffset Created(TableDirectory table) =>
        TimeUuidTime(table.TableId!) ?? new DateTimeOffset(Directory.GetLastWriteTimeUtc(table.Path), TimeSpan.Zero);

    /// <summary>The time a version 1 UUID (32 hex digits, no dashes) was made, or null for other versions.</summary>
    internal static DateTimeOffset? TimeUuidTime(string hex)
    {
        if (hex.Length != 32 || hex[12] != '1')
        {
            return null;
        }

        var low = long.Parse(hex.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var mid = long.Parse(hex.AsSpan(8, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var high = long.Parse(hex.AsSpan(13, 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var ticks = (high << 48) | (mid << 32) | low; // 100 ns since 1582-10-15
        var epoch = new DateTimeOffset(1582, 10, 15, 0, 0, 0, TimeSpan.Zero);
        return ticks > (DateTimeOffset.MaxValue - epoch).Ticks ? null : epoch.AddTicks(ticks);
    }
}

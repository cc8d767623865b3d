using Amphora.Core.Backup;
using Amphora.Core.IO;

namespace Amphora.Core.Snapshots;

/// <summary>
/// Measures a node's snapshots from the data directories by counting hard links: a file's bytes are held only by snapshots
/// when all of its st_nlink links were found under snapshots/ dirs, and clearing one tag frees exactly the inodes whose
/// links all belong to that tag. nodetool's "True size" compares names with the live directory instead; links are exact.
/// </summary>
public static class LocalSnapshotScanner
{
    public static LocalSnapshotReport Scan(IReadOnlyList<string> dataDirectories)
    {
        var files = new List<(string Tag, TableDirectory Table, FileIdentity Identity)>();
        foreach (var table in DataDirectoryScanner.Tables(dataDirectories))
        {
            var snapshots = Path.Combine(table.Path, "snapshots");
            if (!Directory.Exists(snapshots))
            {
                continue;
            }

            foreach (var snapshot in Directory.GetDirectories(snapshots))
            {
                var tag = Path.GetFileName(snapshot);
                foreach (var path in Directory.EnumerateFiles(snapshot, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                {
                    files.Add((tag, table, FileIdentity.Of(path)));
                }
            }
        }

        var linksInSnapshots = files.GroupBy(f => f.Identity.FileKey).ToDictionary(g => g.Key, g => g.ToList());
        bool OnlyInSnapshots(FileIdentity identity) => linksInSnapshots[identity.FileKey].Count >= identity.LinkCount;

        var rows = files.GroupBy(f => (f.Tag, f.Table.Keyspace, f.Table.Table))
            .Select(g => new LocalSnapshot(
                g.Key.Tag,
                g.Key.Keyspace,
                g.Key.Table,
                g.Count(),
                g.Sum(f => f.Identity.Size),
                g.DistinctBy(f => f.Identity.FileKey).Where(f => OnlyInSnapshots(f.Identity)).Sum(f => f.Identity.Size)))
            .OrderBy(s => s.Tag, StringComparer.Ordinal).ThenBy(s => s.Keyspace, StringComparer.Ordinal).ThenBy(s => s.Table, StringComparer.Ordinal)
            .ToList();

        var freed = files.GroupBy(f => f.Tag).ToDictionary(
            g => g.Key,
            g => g.DistinctBy(f => f.Identity.FileKey)
                .Where(f => linksInSnapshots[f.Identity.FileKey].Count(l => l.Tag == g.Key) >= f.Identity.LinkCount)
                .Sum(f => f.Identity.Size),
            StringComparer.Ordinal);

        var heldOnly = linksInSnapshots.Values.Select(l => l[0].Identity).Where(OnlyInSnapshots).Sum(i => i.Size);
        return new LocalSnapshotReport(rows, freed, heldOnly);
    }
}

using Amphora.Core.SSTables;

namespace Amphora.Core.Backup;

/// <summary>Finds table directories and snapshot files across every data directory of a node, index subdirectories included.</summary>
public static class DataDirectoryScanner
{
    public static IReadOnlyList<TableDirectory> Tables(IReadOnlyList<string> dataDirectories)
    {
        ArgumentNullException.ThrowIfNull(dataDirectories);
        var tables = new List<TableDirectory>();
        for (var index = 0; index < dataDirectories.Count; index++)
        {
            var dataDirectory = dataDirectories[index];
            if (!Directory.Exists(dataDirectory))
            {
                throw new DirectoryNotFoundException(
                    $"data directory {dataDirectory} (data_file_directories in cassandra.yaml) does not exist; check --cassandra-yaml points at this node's config.");
            }

            foreach (var keyspace in Read(dataDirectory, () => Directory.GetDirectories(dataDirectory)))
            {
                foreach (var table in Read(keyspace, () => Directory.GetDirectories(keyspace)))
                {
                    if (TableDirectory.TryParse(Path.GetFileName(keyspace), Path.GetFileName(table), index, table) is { } parsed)
                    {
                        tables.Add(parsed);
                    }
                }
            }
        }

        return tables;
    }

    /// <summary>Every file of snapshot <paramref name="tag"/> in the tables, minus what must never be backed up.</summary>
    public static IReadOnlyList<SnapshotFile> SnapshotFiles(IEnumerable<TableDirectory> tables, string tag)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var files = new List<SnapshotFile>();
        foreach (var table in tables)
        {
            var snapshot = Path.Combine(table.Path, "snapshots", tag);
            if (!Directory.Exists(snapshot) || BackupExclusions.IsExcludedTable(table.Keyspace, table.Table))
            {
                continue;
            }

            files.AddRange(FilesUnder(table, snapshot));
        }

        return files;
    }

    /// <summary>Every file under a directory of the table (a snapshot, backups/), subdirectories included, minus what must never be backed up.</summary>
    public static IEnumerable<SnapshotFile> FilesUnder(TableDirectory table, string directory)
    {
        ArgumentNullException.ThrowIfNull(table);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var path in Read(directory, () => Directory.GetFiles(directory, "*", options)))
        {
            var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!BackupExclusions.IsExcluded(relative))
            {
                yield return new SnapshotFile(table, relative, path, SSTableFileName.TryParse(Path.GetFileName(path), out var name) ? name : null);
            }
        }
    }

    private static T Read<T>(string directory, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException(
                $"cannot read {directory}: permission denied. Run amphora as the user Cassandra runs as (usually 'cassandra') or grant it read access.", e);
        }
    }
}

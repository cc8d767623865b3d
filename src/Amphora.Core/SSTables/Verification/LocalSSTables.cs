namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// Finds SSTables on local disk for <c>amphora sstable verify|info</c>: a component file stands for its whole SSTable (the
/// files beside it with the same prefix); a directory stands for every SSTable under it (snapshots, backups and index
/// subdirectories included).
/// </summary>
public static class LocalSSTables
{
    public static IReadOnlyList<SSTableFiles> Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new Dictionary<(string Directory, string Prefix), SSTableFiles>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (!SSTableFileName.TryParse(Path.GetFileName(full), out var name))
                {
                    throw new ArgumentException($"{path} is not an SSTable component (expected a name like nb-1-big-Data.db or ks-table-ka-1-Data.db).");
                }

                Add(found, Path.GetDirectoryName(full)!, name);
            }
            else if (Directory.Exists(full))
            {
                var before = found.Count;
                foreach (var file in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                {
                    if (SSTableFileName.TryParse(Path.GetFileName(file), out var name))
                    {
                        Add(found, Path.GetDirectoryName(file)!, name);
                    }
                }

                if (found.Count == before)
                {
                    throw new ArgumentException($"{path} holds no SSTable files (names like nb-1-big-Data.db).");
                }
            }
            else
            {
                throw new FileNotFoundException($"{path} does not exist; give SSTable component files or directories holding them.", path);
            }
        }

        return [.. found.OrderBy(f => f.Key.Directory, StringComparer.Ordinal).ThenBy(f => f.Key.Prefix, StringComparer.Ordinal).Select(f => f.Value)];
    }

    private static void Add(Dictionary<(string Directory, string Prefix), SSTableFiles> found, string directory, SSTableFileName name)
    {
        if (found.ContainsKey((directory, name.Prefix)))
        {
            return;
        }

        var components = new Dictionary<string, SSTableComponentSource>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, name.Prefix + "*"))
        {
            if (SSTableFileName.TryParse(Path.GetFileName(file), out var sibling) && sibling.Prefix == name.Prefix)
            {
                var path = file;
                components[sibling.Component] = new SSTableComponentSource(new FileInfo(path).Length, _ => Task.FromResult<Stream>(
                    new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan)));
            }
        }

        found[(directory, name.Prefix)] = new SSTableFiles(Path.Combine(directory, name.Prefix), name, components);
    }
}

using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>One file in a table's backups/ directory, found by walking the data directories without the code under test.</summary>
public sealed record BackupsFileOnDisk(int DataDirectory, string Keyspace, string Table, string TableId, string RelativePath, string FullPath, long Size)
{
    /// <summary>data directory, keyspace/table-id/path under backups/, size: as a manifest entry would say it.</summary>
    public string Line => $"{DataDirectory} {Keyspace}/{Table}-{TableId}/{RelativePath} {Size}";
}

/// <summary>The backups/ directories of a sandbox node, as Cassandra's incremental_backups fills them.</summary>
public static class BackupsDirectoriesOnDisk
{
    /// <summary>The keyspace's files in backups/ (the node links its own system tables' SSTables there too).</summary>
    public static IReadOnlyList<BackupsFileOnDisk> Files(BackupBench bench, string keyspace = "shop", string node = "node1")
    {
        var files = new List<BackupsFileOnDisk>();
        var dataDirectories = bench.DataDirectories(node);
        for (var index = 0; index < dataDirectories.Count; index++)
        {
            var keyspaceDirectory = Path.Combine(dataDirectories[index], keyspace);
            if (Directory.Exists(keyspaceDirectory))
            {
                foreach (var table in Directory.EnumerateDirectories(keyspaceDirectory))
                {
                    var backups = Path.Combine(table, "backups");
                    if (!Directory.Exists(backups))
                    {
                        continue;
                    }

                    var name = Path.GetFileName(table);
                    var dash = name.LastIndexOf('-');
                    foreach (var file in Directory.EnumerateFiles(backups, "*", SearchOption.AllDirectories))
                    {
                        files.Add(new BackupsFileOnDisk(index, keyspace, name[..dash], name[(dash + 1)..],
                            Path.GetRelativePath(backups, file).Replace(Path.DirectorySeparatorChar, '/'), file, new FileInfo(file).Length));
                    }
                }
            }
        }

        return files.OrderBy(f => f.FullPath, StringComparer.Ordinal).ToList();
    }

    /// <summary>The manifest's entries in the same one-line form as <see cref="BackupsFileOnDisk.Line"/>.</summary>
    public static List<string> Lines(Core.Repository.NodeManifest manifest) =>
        ManifestContent.Entries(manifest).Select(e => $"{e.File.DataDirectory} {e.Table.Keyspace}/{e.Table.Table}-{e.Table.TableId}/{e.File.Path} {e.File.Size}")
            .Order(StringComparer.Ordinal).ToList();
}

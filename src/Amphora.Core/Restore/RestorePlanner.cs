using Amphora.Core.Backup;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>Works out a node restore's <see cref="RestorePlan"/>: tables, files, staging and target paths, free space.</summary>
public static class RestorePlanner
{
    public const string StagingDirectoryName = ".amphora-restore";

    public static RestorePlan Plan(NodeManifest source, RestoreOptions options, RestoreTarget target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        // Loading system tables into a running node (or another cluster) would overwrite its schema and auth: only in place,
        // or when -K names the keyspace exactly.
        var selected = source.Tables
            .Where(t => options.Tables.Matches(t.Keyspace, t.Table))
            .Where(t => options.Mode == RestoreMode.InPlace || !RestoreTableSelection.SystemKeyspaces.Contains(t.Keyspace) || options.Tables.NamesKeyspace(t.Keyspace))
            .ToList();
        if (selected.Count == 0)
        {
            throw new ArgumentException(
                $"-K '{options.Tables.Text}' matches no table of backup {source.Tag} (node {source.Node.HostId}); it has " +
                $"{string.Join(", ", source.Tables.Select(t => $"{t.Keyspace}.{t.Table}").Take(20))}{(source.Tables.Count > 20 ? ", ..." : string.Empty)}.");
        }

        if (options.Renames.Count > 0 && options.Mode == RestoreMode.InPlace)
        {
            throw new ArgumentException("--rename works with --import and --sstableloader; an in-place restore puts tables back where they were.");
        }

        options.Renames.CheckAgainst(selected.Select(t => (t.Keyspace, t.Table)));

        var key = StagingKey(source);
        List<string> stagingRoots = options.Mode == RestoreMode.SSTableLoader
            ? [Path.Combine(options.StagingDirectory ?? Path.Combine(Path.GetTempPath(), StagingDirectoryName), key)]
            : target.DataDirectories.Select(d => Path.Combine(d, StagingDirectoryName, key)).ToList();
        var tables = selected.Select(t => PlanTable(t, options, target, stagingRoots)).ToList();
        var files = tables.SelectMany(t => t.Files).ToList();
        var alreadyStaged = StagedDownloader.AlreadyStagedBytes(files);
        var space = FileSystemSpace.Measure(files
            .Where(f => !File.Exists(f.StagingPath))
            .GroupBy(f => stagingRoots[f.DataDirectory])
            .Select(g => (g.Key, g.Sum(f => f.Size))));
        var plan = new RestorePlan
        {
            Source = source,
            Mode = options.Mode,
            Tables = tables,
            StagingRoots = stagingRoots,
            Space = space,
            AlreadyStagedBytes = alreadyStaged,
        };
        return options.Mode == RestoreMode.InPlace ? InPlaceRestore.AddMovesAside(plan, target, options.Tables, source) : plan;
    }

    /// <summary>The staging directory's name: a re-run of the same restore finds what the last one staged.</summary>
    public static string StagingKey(NodeManifest source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return $"{source.Tag}-{source.Node.HostId:N}";
    }

    private static TableRestorePlan PlanTable(TableEntry table, RestoreOptions options, RestoreTarget target, List<string> stagingRoots)
    {
        var (keyspace, name) = options.Renames.Apply(table.Keyspace, table.Table);
        // Secondary index SSTables are only put back in place; import and streaming rebuild indexes from the table's data.
        var entries = table.Files.Where(f => f.SSTable is not null && (options.Mode == RestoreMode.InPlace || !f.Path.Contains('/', StringComparison.Ordinal)));
        var disks = options.Mode == RestoreMode.SSTableLoader ? 1 : target.DataDirectories.Count;
        string? directoryName = null;
        string? note = null;
        if (options.Mode == RestoreMode.InPlace)
        {
            (directoryName, note) = TableDirectoryResolver.Resolve(target.DataDirectories, keyspace, name, table.TableId);
        }

        var files = entries.Select(entry =>
        {
            // Components of one SSTable share their data directory index, so an SSTable never spans directories.
            var disk = entry.DataDirectory % disks;
            var staging = Path.Combine(stagingRoots[disk], keyspace, name, entry.Path);
            return new RestoreFile(entry, disk, staging)
            {
                FinalPath = directoryName is null ? null : Path.Combine(target.DataDirectories[disk], keyspace, directoryName, entry.Path),
            };
        }).ToList();
        return new TableRestorePlan(table, keyspace, name, files)
        {
            StagingDirectories = files.Select(f => f.DataDirectory).Distinct().Order().Select(d => Path.Combine(stagingRoots[d], keyspace, name)).ToList(),
            TargetDirectories = directoryName is null ? [] : target.DataDirectories.Select(d => Path.Combine(d, keyspace, directoryName)).ToList(),
            TargetNote = note,
        };
    }

    private static string StagingRootOf(RestoreFile file, List<string> stagingRoots) => stagingRoots[file.DataDirectory];
}

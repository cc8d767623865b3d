using Amphora.Core.Backup;

namespace Amphora.Core.Restore;

/// <summary>
/// Brings back a table from a snapshot still on the node, typically the <c>dropped-*</c> or <c>truncated-*</c> one Cassandra
/// took by itself: the snapshot's SSTables are hard-linked into a staging directory beside it (no copy, and the snapshot stays
/// intact) and loaded into the live table, the re-created one for a dropped table, with nodetool import.
/// </summary>
public sealed class LocalSnapshotRestore(RestoreTarget target, IRestoreProgress progress)
{
    public async Task<IReadOnlyList<string>> RunAsync(string snapshot, TableFilter tables, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var found = Find(snapshot, tables);
        if (found.Count == 0)
        {
            throw new ArgumentException(
                $"no snapshot '{snapshot}' of a table matching -K '{tables.Text}' in {string.Join(", ", target.DataDirectories)}; see 'amphora snapshots list --auto'.");
        }

        if (dryRun)
        {
            foreach (var table in found)
            {
                progress.Stage($"Would load {table.Files.Count} file(s) from {string.Join(", ", table.Directories)} into {table.Name} with nodetool import");
            }

            return found.Select(t => t.Name).ToList();
        }

        if (!await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException($"the node ({target.Node.Description}) is not running; start it: a local snapshot is loaded with nodetool import.");
        }

        foreach (var table in found)
        {
            var staging = new List<string>();
            foreach (var group in table.Files.GroupBy(f => f.DataDirectory))
            {
                var directory = Path.Combine(group.Key, RestorePlanner.StagingDirectoryName, "local-" + snapshot, table.Keyspace, table.Table);
                Directory.CreateDirectory(directory);
                foreach (var file in group)
                {
                    var link = Path.Combine(directory, Path.GetFileName(file.Path));
                    if (!File.Exists(link))
                    {
                        IO.HardLink.Create(file.Path, link);
                    }
                }

                staging.Add(directory);
            }

            progress.Stage($"Loading {table.Files.Count} file(s) of snapshot {snapshot} into {table.Name} with nodetool import");
            try
            {
                await target.Node.ImportAsync(table.Keyspace, table.Table, staging, cancellationToken).ConfigureAwait(false);
            }
            catch (Nodes.NodetoolException e) when (e.Output.Contains("not found", StringComparison.Ordinal) || e.Output.Contains("Unknown keyspace", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"{table.Name} does not exist on the node: re-create it first, e.g. cqlsh -f {table.SchemaFile ?? "<the table's CREATE TABLE statement>"}. ({e.Message})", e);
            }

            LiveImport.RequireEmpty(staging, table.Name, "nodetool import");

            foreach (var directory in staging)
            {
                Directory.Delete(Path.Combine(Path.GetDirectoryName(directory)!, ".."), recursive: true);
            }
        }

        return found.Select(t => t.Name).ToList();
    }

    private List<SnapshotTable> Find(string snapshot, TableFilter tables)
    {
        var found = new Dictionary<(string, string), SnapshotTable>();
        foreach (var directory in DataDirectoryScanner.Tables(target.DataDirectories).Where(t => tables.Matches(t.Keyspace, t.Table)))
        {
            var snapshotDirectory = Path.Combine(directory.Path, "snapshots", snapshot);
            if (!Directory.Exists(snapshotDirectory))
            {
                continue;
            }

            if (!found.TryGetValue((directory.Keyspace, directory.Table), out var entry))
            {
                entry = new SnapshotTable(directory.Keyspace, directory.Table);
                found[(directory.Keyspace, directory.Table)] = entry;
            }

            entry.Directories.Add(snapshotDirectory);
            var schema = Path.Combine(snapshotDirectory, "schema.cql");
            entry.SchemaFile ??= File.Exists(schema) ? schema : null;
            // SSTable components only: manifest.json and schema.cql stay in the snapshot.
            var dataDirectory = target.DataDirectories[directory.DataDirectory];
            entry.Files.AddRange(Directory.EnumerateFiles(snapshotDirectory)
                .Where(f => SSTables.SSTableFileName.TryParse(Path.GetFileName(f), out _))
                .Select(f => (f, dataDirectory)));
        }

        return found.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    private sealed class SnapshotTable(string keyspace, string table)
    {
        public string Keyspace { get; } = keyspace;

        public string Table { get; } = table;

        public string Name => $"{Keyspace}.{Table}";

        public List<string> Directories { get; } = [];

        public List<(string Path, string DataDirectory)> Files { get; } = [];

        public string? SchemaFile { get; set; }
    }
}

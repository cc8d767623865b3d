using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Snapshots;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Snapshots as Cassandra takes, lists and clears them.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// nodetool snapshot: flushes (unless skipped), then hard-links every live SSTable of each table into
    /// <c>snapshots/&lt;tag&gt;/</c> of its own data directory, and writes manifest.json (and schema.cql for
    /// non-system tables) into the first data directory's snapshot.
    /// </summary>
    public void Snapshot(string tag, IReadOnlyList<TableSchema> tables, bool skipFlush) => WithRunningNode((state, config) =>
    {
        if (tables.Any(t => SnapshotExists(config, t, tag)))
        {
            throw new SandboxException($"Snapshot {tag} already exists.");
        }

        if (!skipFlush)
        {
            FlushTables(state, config, Cluster.LoadSchema(), tables);
        }

        SnapshotTables(state, config, tables, tag, DateTimeOffset.UtcNow);
    });

    private bool SnapshotExists(NodeConfig config, TableSchema table, string tag) =>
        config.DataDirectories.Any(d => System.IO.Directory.Exists(Path.Combine(TableDirectory(d, table), "snapshots", tag)));

    internal void SnapshotTables(NodeState state, NodeConfig config, IEnumerable<TableSchema> tables, string tag, DateTimeOffset createdAt)
    {
        var files = new SSTableFileIndex();
        foreach (var table in tables)
        {
            var dataFiles = new List<string>();
            foreach (var (sstable, index) in LiveSSTables(state, table).Select(s => (s, (string?)null))
                         .Concat(table.Indexes.SelectMany(i => LiveSSTables(state, table, i).Select(s => (s, (string?)i)))))
            {
                var tableDirectory = index is null ? sstable.Directory : Path.GetDirectoryName(sstable.Directory)!;
                var snapshotDirectory = Path.Combine(tableDirectory, "snapshots", tag);
                LinkInto(sstable, index is null ? snapshotDirectory : Path.Combine(snapshotDirectory, "." + index), files);
                dataFiles.Add(index is null ? Path.GetFileName(sstable.DataPath) : $".{index}/{Path.GetFileName(sstable.DataPath)}");
            }

            var manifestDirectory = Path.Combine(TableDirectory(config.DataDirectories[0], table), "snapshots", tag);
            System.IO.Directory.CreateDirectory(manifestDirectory);
            File.WriteAllText(Path.Combine(manifestDirectory, SnapshotManifest.FileName), SnapshotManifest.Render(Format, dataFiles, createdAt));
            if (!SystemKeyspaces.IsSystem(table.Keyspace))
            {
                File.WriteAllText(Path.Combine(manifestDirectory, "schema.cql"), SchemaCql.For(table));
            }
        }
    }

    /// <summary>nodetool clearsnapshot: removes the tag (or every snapshot) from the given keyspaces, or all of them.</summary>
    public void ClearSnapshot(string? tag, IReadOnlyList<string> keyspaces) => WithRunningNode((_, config) =>
    {
        foreach (var snapshot in SnapshotDirectories(config))
        {
            if ((tag is null || snapshot.Tag == tag) && (keyspaces.Count == 0 || keyspaces.Contains(snapshot.Keyspace)))
            {
                System.IO.Directory.Delete(snapshot.Path, recursive: true);
            }
        }
    });

    /// <summary>nodetool listsnapshots: one row per snapshot and table, found on disk like Cassandra's SnapshotLoader.</summary>
    public IReadOnlyList<SnapshotDetails> ListSnapshots() => WithRunningNode((_, config) =>
    {
        return SnapshotDirectories(config)
            .GroupBy(s => (s.Tag, s.Keyspace, s.Table))
            .Select(group =>
            {
                var files = group.SelectMany(s => System.IO.Directory.EnumerateFiles(s.Path, "*", SearchOption.AllDirectories)
                    .Select(f => (File: f, Live: LiveCounterpart(s.Path, f), InTableDirectory: Path.GetDirectoryName(f) == s.Path))).ToList();
                var notLive = files.Where(f => !File.Exists(f.Live)).ToList();
                var manifest = group.Select(s => Path.Combine(s.Path, SnapshotManifest.FileName)).FirstOrDefault(File.Exists);
                var createdAt = manifest is null ? null : SnapshotManifest.ReadCreatedAt(manifest);
                createdAt ??= group.Min(s => new DateTimeOffset(System.IO.Directory.GetLastWriteTimeUtc(s.Path)));
                return new SnapshotDetails(
                    group.Key.Tag,
                    group.Key.Keyspace,
                    group.Key.Table,
                    notLive.Sum(f => new FileInfo(f.File).Length),
                    files.Sum(f => new FileInfo(f.File).Length),
                    createdAt,
                    notLive.Where(f => f.InTableDirectory && SSTableDescriptor.TryParse(f.File, out var _) is not null).Sum(f => new FileInfo(f.File).Length));
            })
            .OrderBy(d => d.Tag, StringComparer.Ordinal).ThenBy(d => d.Keyspace, StringComparer.Ordinal).ThenBy(d => d.Table, StringComparer.Ordinal)
            .ToList();
    });

    /// <summary>The live file a snapshot file mirrors: {table}/snapshots/{tag}/[.idx/]file -> {table}/[.idx/]file.</summary>
    private static string LiveCounterpart(string snapshotDirectory, string snapshotFile)
    {
        var tableDirectory = Path.GetDirectoryName(Path.GetDirectoryName(snapshotDirectory)!)!;
        return Path.Combine(tableDirectory, Path.GetRelativePath(snapshotDirectory, snapshotFile));
    }

    private sealed record SnapshotDirectory(string Path, string Keyspace, string Table, string Tag);

    /// <summary>Every <c>&lt;data&gt;/&lt;ks&gt;/&lt;table&gt;-&lt;id&gt;/snapshots/&lt;tag&gt;</c> on disk, dropped tables included.</summary>
    private static IEnumerable<SnapshotDirectory> SnapshotDirectories(NodeConfig config) =>
        from dataDirectory in config.DataDirectories.Where(System.IO.Directory.Exists)
        from keyspaceDirectory in System.IO.Directory.EnumerateDirectories(dataDirectory)
        from tableDirectory in System.IO.Directory.EnumerateDirectories(keyspaceDirectory)
        let snapshots = Path.Combine(tableDirectory, "snapshots")
        where System.IO.Directory.Exists(snapshots)
        from tagDirectory in System.IO.Directory.EnumerateDirectories(snapshots)
        let tableName = Path.GetFileName(tableDirectory)
        select new SnapshotDirectory(
            tagDirectory,
            Path.GetFileName(keyspaceDirectory),
            tableName.Length > 33 && tableName[^33] == '-' ? tableName[..^33] : tableName,
            Path.GetFileName(tagDirectory));
}

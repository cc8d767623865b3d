using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amphora.Core.Backup;
using Amphora.Core.SSTables;

namespace Amphora.Core.Repository;

/// <summary>
/// Everything read from a location is untrusted: a manifest is checked field by field before anything uses it, so that a
/// restore never follows a path out of a table's directory and a purge never counts references from a document Amphora did
/// not write. A refusal names the key, the exact field (<c>tables[3].files[17].path</c>), the table, what is wrong and what
/// to do. The count limits are far above any real node; they exist so that a hostile manifest cannot make a reader loop
/// or allocate without end.
/// </summary>
public static partial class ManifestValidator
{
    /// <summary>How every refusal ends (except a newer format version, which asks for an upgrade).</summary>
    public const string Advice = "the manifest was not written by Amphora or was altered; do not restore from it, run 'amphora backups check'";

    /// <summary>Tokens of one node; num_tokens is at most a few hundred in practice.</summary>
    public const int MaxTokens = 65_536;

    public const int MaxTables = 100_000;

    public const int MaxFilesPerTable = 10_000_000;

    public const int MaxDataDirectories = 64;

    /// <summary>16 TiB: no SSTable component comes near it; a larger size is absurd.</summary>
    public const long MaxFileSize = 1L << 44;

    /// <summary>Cassandra's limit on keyspace and table names.</summary>
    public const int MaxNameLength = 222;

    /// <summary>Node facts (cluster, datacenter, rack, hostname, version, data directories) and the snapshot name.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>A snapshot name is a directory name on the node.</summary>
    private const int MaxFileNameLength = 255;

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless the manifest's kind is the one the index markers of its node backup
    /// give: listing and retention trust the markers, so a manifest that disagrees was altered or misplaced.
    /// </summary>
    public static void ValidateKind(NodeManifest manifest, string key, string kindInMarkers)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind != kindInMarkers)
        {
            throw Refuse(key, "kind", $"is {Quote(manifest.Kind)}, but the backup's index markers say '{kindInMarkers}'");
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless the manifest read from <paramref name="key"/> is one Amphora could have written there.</summary>
    public static void Validate(NodeManifest manifest, string key)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(key);
        if (!RepositoryKeys.TryParseManifest(key, out var cluster, out var tag, out var hostId))
        {
            throw new ArgumentException($"'{key}' is not a manifest key (backups/<cluster>/<tag>/<host-id>/{RepositoryKeys.ManifestName}).", nameof(key));
        }

        ValidateHeader(manifest, key, tag);
        var node = Required(key, "node", manifest.Node);
        ValidateNode(node, key, cluster, hostId);
        var tables = Required(key, "tables", manifest.Tables);
        CountAtMost(key, "tables", tables.Count, MaxTables);
        // A table dropped and recreated has two directories (two ids); both may hold a snapshot of the same name.
        var seen = new Dictionary<(string Keyspace, string Table, string? TableId), int>();
        for (var index = 0; index < tables.Count; index++)
        {
            var field = $"tables[{index}]";
            var table = Required(key, field, tables[index]);
            ValidateTable(table, key, field, node.DataDirectories.Count);
            if (!seen.TryAdd((table.Keyspace, table.Table, table.TableId), index))
            {
                throw Refuse(key, field, $"repeats table {table.Keyspace}.{table.Table} (id {table.TableId ?? "none"}) of tables[{seen[(table.Keyspace, table.Table, table.TableId)]}]");
            }
        }
    }

    private static void ValidateHeader(NodeManifest manifest, string key, string tagInKey)
    {
        var format = Required(key, "format", manifest.Format);
        if (format != NodeManifest.FormatName)
        {
            throw Refuse(key, "format", $"is {Quote(format)}, not '{NodeManifest.FormatName}'");
        }

        if (manifest.FormatVersion > NodeManifest.CurrentVersion)
        {
            throw new InvalidDataException(
                $"{key}: format_version is {manifest.FormatVersion}: the manifest was written by a newer Amphora (version {manifest.FormatVersion}; " +
                $"this one reads up to {NodeManifest.CurrentVersion}); upgrade Amphora to read it.");
        }

        if (manifest.FormatVersion < 1)
        {
            throw Refuse(key, "format_version", $"is {manifest.FormatVersion}; versions start at 1");
        }

        var tag = Required(key, "tag", manifest.Tag);
        if (!BackupTag.IsValid(tag))
        {
            throw Refuse(key, "tag", $"{Quote(tag)} is not a backup tag ({BackupTag.Rule})");
        }

        if (tag != tagInKey)
        {
            throw Refuse(key, "tag", $"{Quote(tag)} differs from the tag '{tagInKey}' in the manifest's key");
        }

        if (!BackupKind.IsKnown(Required(key, "kind", manifest.Kind)))
        {
            throw Refuse(key, "kind", $"is {Quote(manifest.Kind)}; this Amphora knows only '{BackupKind.Snapshot}' and '{BackupKind.Incremental}'");
        }

        Text(key, "snapshot_name", manifest.SnapshotName, MaxFileNameLength);
    }

    private static void ValidateNode(NodeEntry node, string key, string clusterInKey, Guid hostIdInKey)
    {
        var cluster = Text(key, "node.cluster", node.Cluster, MaxTextLength);
        if (RepositoryKeys.Segment(cluster) != clusterInKey)
        {
            throw Refuse(key, "node.cluster", $"{Quote(cluster)} differs from the cluster '{RepositoryKeys.DecodeSegment(clusterInKey)}' in the manifest's key");
        }

        if (node.HostId != hostIdInKey)
        {
            throw Refuse(key, "node.host_id", $"{node.HostId:D} differs from the host id {hostIdInKey:D} in the manifest's key");
        }

        Text(key, "node.datacenter", node.Datacenter, MaxTextLength);
        Text(key, "node.rack", node.Rack, MaxTextLength);
        Text(key, "node.hostname", node.Hostname, MaxTextLength);
        Text(key, "node.cassandra_version", node.CassandraVersion, MaxTextLength);

        // Tokens are strings of any partitioner (ordered partitioners' tokens are keys), so only their presence is checked.
        var tokens = Required(key, "node.tokens", node.Tokens);
        CountAtMost(key, "node.tokens", tokens.Count, MaxTokens);
        for (var index = 0; index < tokens.Count; index++)
        {
            Required(key, $"node.tokens[{index}]", tokens[index]);
        }

        var directories = Required(key, "node.data_directories", node.DataDirectories);
        if (directories.Count == 0)
        {
            throw Refuse(key, "node.data_directories", "is empty; a node has at least one data directory");
        }

        CountAtMost(key, "node.data_directories", directories.Count, MaxDataDirectories);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < directories.Count; index++)
        {
            var field = $"node.data_directories[{index}]";
            var directory = Text(key, field, directories[index], TableFilePath.MaxLength);
            if (!directory.StartsWith('/'))
            {
                throw Refuse(key, field, $"{Quote(directory)} is not an absolute path");
            }

            if (!seen.TryAdd(directory, index))
            {
                throw Refuse(key, field, $"{Quote(directory)} repeats node.data_directories[{seen[directory]}]");
            }
        }
    }

    private static void ValidateTable(TableEntry table, string key, string field, int dataDirectories)
    {
        Name(key, $"{field}.keyspace", table.Keyspace);
        Name(key, $"{field}.table", table.Table);
        if (table.TableId is { } id && !TableId().IsMatch(id))
        {
            throw Refuse(key, $"{field}.table_id", $"{Quote(id)} of table {table.Keyspace}.{table.Table} is not 32 lowercase hex digits");
        }

        var files = Required(key, $"{field}.files", table.Files);
        CountAtMost(key, $"{field}.files", files.Count, MaxFilesPerTable);
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        var sstablePrefixes = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < files.Count; index++)
        {
            var fileField = $"{field}.files[{index}]";
            var file = Required(key, fileField, files[index]);
            ValidateFile(file, key, fileField, table, dataDirectories);
            if (!paths.TryAdd(file.Path, index))
            {
                throw Refuse(key, $"{fileField}.path", $"{Quote(file.Path)} of table {table.Keyspace}.{table.Table} repeats {field}.files[{paths[file.Path]}]");
            }

            if (SSTableFileName.TryParse(TableFilePath.FileName(file.Path), out var name))
            {
                sstablePrefixes.Add(TableFilePath.Directory(file.Path) + name.Prefix);
            }
        }

        var sstables = Required(key, $"{field}.sstables", table.SSTables);
        CountAtMost(key, $"{field}.sstables", sstables.Count, MaxFilesPerTable);
        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < sstables.Count; index++)
        {
            var sstableField = $"{field}.sstables[{index}]";
            var sstable = Required(key, sstableField, sstables[index]);
            ValidateSSTable(sstable, key, sstableField, table);
            if (!prefixes.TryAdd(sstable.Prefix, index))
            {
                throw Refuse(key, $"{sstableField}.prefix", $"{Quote(sstable.Prefix)} of table {table.Keyspace}.{table.Table} repeats {field}.sstables[{prefixes[sstable.Prefix]}]");
            }

            if (!sstablePrefixes.Contains(sstable.Prefix))
            {
                throw Refuse(key, $"{sstableField}.prefix", $"{Quote(sstable.Prefix)} of table {table.Keyspace}.{table.Table} is the prefix of no file of the table");
            }
        }
    }

    private static void ValidateFile(FileEntry file, string key, string field, TableEntry table, int dataDirectories)
    {
        var ofTable = $"of table {table.Keyspace}.{table.Table}";
        var path = Required(key, $"{field}.path", file.Path);
        if (TableFilePath.Problem(path) is { } problem)
        {
            throw Refuse(key, $"{field}.path", $"{Quote(path)} {ofTable} {problem}");
        }

        if (file.DataDirectory < 0 || file.DataDirectory >= dataDirectories)
        {
            throw Refuse(key, $"{field}.data_directory", $"{file.DataDirectory} ({Quote(path)} {ofTable}) is not an index into node.data_directories (0 to {dataDirectories - 1})");
        }

        if (file.Size is < 0 or > MaxFileSize)
        {
            throw Refuse(key, $"{field}.size", $"{file.Size} ({Quote(path)} {ofTable}) is not a file size (0 to {MaxFileSize}, 16 TiB)");
        }

        var hash = Required(key, $"{field}.hash", file.Hash);
        if (!ContentHash.TryParse(hash, out _))
        {
            throw Refuse(key, $"{field}.hash", $"{Quote(hash)} ({Quote(path)} {ofTable}) is not 64 lowercase hex digits of SHA-256");
        }

        if (file.SSTable is not { } sstable)
        {
            return;
        }

        var fileName = TableFilePath.FileName(path);
        if (!SSTableFileName.TryParse(fileName, out var name))
        {
            throw Refuse(key, $"{field}.sstable", $"is set, but {Quote(path)} {ofTable} is not an SSTable component's file name");
        }

        Matches(key, $"{field}.sstable.version", sstable.Version, name.Version, path, ofTable);
        Matches(key, $"{field}.sstable.id", sstable.Id, name.Id, path, ofTable);
        Matches(key, $"{field}.sstable.format", sstable.Format, name.Format, path, ofTable);
        Matches(key, $"{field}.sstable.component", sstable.Component, name.Component, path, ofTable);
    }

    private static void ValidateSSTable(SSTableSummary sstable, string key, string field, TableEntry table)
    {
        var ofTable = $"of table {table.Keyspace}.{table.Table}";
        var prefix = Required(key, $"{field}.prefix", sstable.Prefix);
        if (TableFilePath.SSTablePrefixProblem(prefix) is { } problem)
        {
            throw Refuse(key, $"{field}.prefix", $"{Quote(prefix)} {ofTable} {problem}");
        }

        var name = SSTableFileName.Parse(TableFilePath.FileName(prefix) + "Data.db");
        Matches(key, $"{field}.version", sstable.Version, name.Version, prefix, ofTable);
        Matches(key, $"{field}.id", sstable.Id, name.Id, prefix, ofTable);
        Matches(key, $"{field}.format", sstable.Format, name.Format, prefix, ofTable);
        if (sstable.TimeBounds is not { } bounds)
        {
            return;
        }

        if (bounds.MinTimestamp > bounds.MaxTimestamp)
        {
            throw Refuse(key, $"{field}.time_bounds", $"of {Quote(prefix)} {ofTable} has min_timestamp {bounds.MinTimestamp} after max_timestamp {bounds.MaxTimestamp}");
        }

        if (bounds is { MinLocalDeletionTime: { } min, MaxLocalDeletionTime: { } max } && min > max)
        {
            throw Refuse(key, $"{field}.time_bounds", $"of {Quote(prefix)} {ofTable} has min_local_deletion_time {min} after max_local_deletion_time {max}");
        }
    }

    /// <summary>A field parsed from a file name must say what the file name says.</summary>
    private static void Matches(string key, string field, string? value, string fromName, string path, string ofTable)
    {
        if (Required(key, field, value) != fromName)
        {
            throw Refuse(key, field, $"is {Quote(value)}, but {Quote(path)} {ofTable} says '{fromName}'");
        }
    }

    private static void Name(string key, string field, string? name)
    {
        if (!CassandraName().IsMatch(Required(key, field, name)))
        {
            throw Refuse(key, field, $"{Quote(name)} is not a Cassandra name (1 to {MaxNameLength} ASCII letters, digits or '_')");
        }
    }

    /// <summary>Text shown to people: present, bounded, and free of control and format characters (escapes, right-to-left overrides) that could rewrite a terminal.</summary>
    private static string Text(string key, string field, string? value, int maxLength)
    {
        var text = Required(key, field, value);
        if (text.Length is 0 || text.Length > maxLength)
        {
            throw Refuse(key, field, $"is {text.Length} characters long; it must have 1 to {maxLength}");
        }

        foreach (var c in text)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                throw Refuse(key, field, $"{Quote(text)} holds the control character U+{(int)c:X4}");
            }
        }

        return text;
    }

    private static T Required<T>(string key, string field, T? value)
        where T : class =>
        value ?? throw Refuse(key, field, "is missing (absent or null)");

    private static void CountAtMost(string key, string field, int count, int limit)
    {
        if (count > limit)
        {
            throw Refuse(key, field, $"has {count} entries; more than {limit} is not a real node's");
        }
    }

    private static InvalidDataException Refuse(string key, string field, string problem) => new($"{key}: {field} {problem}; {Advice}.");

    /// <summary>The value in quotes, with anything but printable ASCII escaped so it cannot disguise itself, and cut short.</summary>
    private static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        const int shown = 120;
        var text = new StringBuilder("'");
        foreach (var c in value.Length > shown ? value[..shown] : value)
        {
            if (c == '\\')
            {
                text.Append(@"\\");
            }
            else if (c is >= ' ' and <= '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return text.Append(value.Length > shown ? "'..." : "'").ToString();
    }

    // \w+ as Cassandra's, but ASCII only: .NET's \w would accept any Unicode letter. 222 is MaxNameLength.
    [GeneratedRegex(@"^[A-Za-z0-9_]{1,222}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CassandraName();

    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TableId();
}

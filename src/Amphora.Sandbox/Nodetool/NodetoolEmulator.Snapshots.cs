using System.Globalization;
using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.Nodetool;

/// <summary>snapshot, listsnapshots, clearsnapshot, import and refresh.</summary>
public sealed partial class NodetoolEmulator
{
    private void Snapshot(NodetoolCommandLine line, SandboxNode node)
    {
        var tag = line.Option("tag") ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var table = line.Option("table");
        var ktList = line.Option("ktlist")?.Replace(" ", string.Empty, StringComparison.Ordinal);
        var skipFlush = line.Flag("skip-flush");
        var options = $"{{skipFlush={(skipFlush ? "true" : "false")}{(line.Option("ttl") is { } ttl ? ", ttl=" + ttl : string.Empty)}}}";
        var schema = cluster.LoadSchema();
        List<TableSchema> tables;
        if (!string.IsNullOrEmpty(ktList))
        {
            if (line.Arguments.Count > 0 || table is not null)
            {
                throw new SandboxException("When specifying the Keyspace table list (using -kt,--kt-list,-kc,--kc.list), you must not also specify keyspaces to snapshot");
            }

            _out.Append(CultureInfo.InvariantCulture, $"Requested creating snapshot(s) for [{ktList}] with snapshot name [{tag}] and options {options}\n");
            tables = ktList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(entry => ResolveForSnapshot(schema, entry)).ToList();
        }
        else
        {
            var target = line.Arguments.Count == 0 ? "[all keyspaces]" : $"[{string.Join(", ", line.Arguments)}]";
            _out.Append(CultureInfo.InvariantCulture, $"Requested creating snapshot(s) for {target} with snapshot name [{tag}] and options {options}\n");
            if (table is not null)
            {
                if (line.Arguments.Count != 1)
                {
                    throw new SandboxException("When specifying the table for a snapshot, you must specify one and only one keyspace");
                }

                tables = [ResolveForSnapshot(schema, $"{line.Arguments[0]}.{table}")];
            }
            else
            {
                var keyspaces = line.Arguments.Count == 0
                    ? schema.Keyspaces
                    : line.Arguments.Select(k => schema.FindKeyspace(k) ?? throw new SandboxException($"Keyspace {k} does not exist")).ToList();
                tables = keyspaces.SelectMany(k => k.Tables).ToList();
            }
        }

        node.Snapshot(tag, tables, skipFlush);
        _out.Append("Snapshot directory: ").Append(tag).Append('\n');
    }

    private static TableSchema ResolveForSnapshot(ClusterSchema schema, string entry)
    {
        var parts = entry.Split('.');
        if (parts.Length != 2)
        {
            throw new NodetoolUsageException("Cannot take a snapshot on secondary index or invalid column family name. You must supply a column family name in the form of keyspace.columnfamily");
        }

        if (schema.FindKeyspace(parts[0]) is null)
        {
            throw new SandboxException($"Keyspace {parts[0]} does not exist");
        }

        return schema.FindTable(parts[0], parts[1]) ?? throw new NodetoolUsageException($"Unknown keyspace/cf pair ({parts[0]}.{parts[1]})");
    }

    private void ListSnapshots(NodetoolCommandLine line, SandboxNode node)
    {
        _out.Append("Snapshot Details: \n");
        var details = node.ListSnapshots();
        if (details.Count == 0)
        {
            _out.Append("There are no snapshots\n");
            return;
        }

        var withEphemeral = node.Format.IsCassandra50 && line.Flag("ephemeral");
        var table = new TableBuilder();
        string[] header = ["Snapshot name", "Keyspace name", "Column family name", "True size", "Size on disk", "Creation time", "Expiration time"];
        table.Add(withEphemeral ? [.. header, "Ephemeral"] : header);
        foreach (var detail in details)
        {
            string[] row =
            [
                detail.Tag, detail.Keyspace, detail.Table, FileSize.Stringify(detail.TrueSizeBytes), FileSize.Stringify(detail.SizeOnDiskBytes),
                detail.CreatedAt is { } created ? JavaInstant(created) : string.Empty, string.Empty,
            ];
            table.Add(withEphemeral ? [.. row, "false"] : row);
        }

        table.PrintTo(_out);
        var total = details.Where(d => d.Keyspace is not (SystemKeyspaces.System or SystemKeyspaces.Schema)).Sum(d => d.TrueSSTableBytes);
        _out.Append("\nTotal TrueDiskSpaceUsed: ").Append(FileSize.Stringify(total)).Append("\n\n");
    }

    /// <summary>Java's Instant.toString: milliseconds shown only when not zero.</summary>
    private static string JavaInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(instant.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void ClearSnapshot(NodetoolCommandLine line, SandboxNode node)
    {
        var tag = line.Option("snapshot_name") ?? string.Empty;
        var all = line.Flag("clear_all_snapshots");
        if (tag.Length == 0 && !all)
        {
            // A plain RuntimeException in ClearSnapshot.execute, so exit 2 rather than bad use.
            throw new NodetoolErrorException("Specify snapshot name or --all", NodetoolErrorException.RuntimeException);
        }

        if (tag.Length > 0 && all)
        {
            throw new NodetoolErrorException("Specify only one of snapshot name or --all", NodetoolErrorException.RuntimeException);
        }

        var target = line.Arguments.Count == 0 ? "[all keyspaces]" : $"[{string.Join(", ", line.Arguments)}]";
        _out.Append("Requested clearing snapshot(s) for ").Append(target)
            .Append(all ? " with [all snapshots]" : $" with snapshot name [{tag}]").Append('\n');
        node.ClearSnapshot(all ? null : tag, line.Arguments);
    }

    private void Import(NodetoolCommandLine line, SandboxNode node)
    {
        if (line.Arguments.Count < 3)
        {
            throw new NodetoolUsageException("import requires keyspace, table name and directories");
        }

        if (line.Flag("quick"))
        {
            _out.Append("Doing a quick import - skipping sstable verification and row cache invalidation\n");
        }

        var table = ResolveTableOrExit(line.Arguments[0], line.Arguments[1]);
        if (table is null)
        {
            return;
        }

        var verify = !line.Flag("no-verify") && !line.Flag("quick");
        IReadOnlyList<string> failed;
        try
        {
            failed = node.Import(table, line.Arguments.Skip(2).ToList(), verify);
        }
        catch (SandboxException e) when (e is not NodeDownException)
        {
            // SSTableImporter throws RuntimeException (e.g. "Directory /x does not exist").
            throw new NodetoolErrorException(e.Message, NodetoolErrorException.RuntimeException);
        }

        if (failed.Count > 0)
        {
            _err.Append("Some directories failed to import, check server logs for details:\n");
            foreach (var directory in failed)
            {
                _err.Append(directory).Append('\n');
            }

            throw new ExitAfterOutputException();
        }
    }

    private void Refresh(NodetoolCommandLine line, SandboxNode node)
    {
        _out.Append("nodetool refresh is deprecated, use nodetool import instead\n");
        if (line.Arguments.Count != 2)
        {
            throw new NodetoolUsageException("refresh requires ks and cf args");
        }

        var schema = cluster.LoadSchema();
        if (schema.FindKeyspace(line.Arguments[0]) is null)
        {
            throw new SandboxException($"Unknown keyspace {line.Arguments[0]}");
        }

        var table = schema.FindTable(line.Arguments[0], line.Arguments[1])
            ?? throw new SandboxException($"Unknown keyspace/cf pair ({line.Arguments[0]}.{line.Arguments[1]})");
        node.Refresh(table);
    }

    /// <summary>nodetool finds no ColumnFamilyStore MBean for an unknown table: message on stderr, exit 1.</summary>
    private TableSchema? ResolveTableOrExit(string keyspace, string table)
    {
        var found = cluster.LoadSchema().FindTable(keyspace, table);
        if (found is null)
        {
            _err.Append(CultureInfo.InvariantCulture, $"ColumnFamilyStore for {keyspace}/{table} not found.\n");
            throw new ExitAfterOutputException();
        }

        return found;
    }
}

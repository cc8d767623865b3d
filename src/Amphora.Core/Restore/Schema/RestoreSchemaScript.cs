using System.Globalization;
using System.Text;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore.Schema;

/// <summary>
/// The CQL that recreates a backup's tables before their data is restored, built from each table's schema.cql in the
/// manifest. That text is untrusted, so only the statements a schema.cql holds pass (CREATE TYPE of the table's keyspace;
/// CREATE TABLE, [CUSTOM] INDEX and MATERIALIZED VIEW of the table itself), each made IF NOT EXISTS so the script can run
/// on a cluster that already has some of them; anything else refuses the whole script. Comments in the source are never
/// copied. Renamed tables get their new name, lose <c>WITH ID</c> and get their indexes renamed.
/// </summary>
public sealed class RestoreSchemaScript
{
    private RestoreSchemaScript(string text, IReadOnlyList<string> statements, IReadOnlyList<string> keyspaces, IReadOnlyList<string> tablesWithoutSchema)
    {
        Text = text;
        Statements = statements;
        Keyspaces = keyspaces;
        TablesWithoutSchema = tablesWithoutSchema;
    }

    /// <summary>The whole script: header comments, then each table's statements.</summary>
    public string Text { get; }

    /// <summary>Each statement as the script runs it, ending in ';', without repeats.</summary>
    public IReadOnlyList<string> Statements { get; }

    /// <summary>The keyspaces the statements create things in: they must exist before the script runs.</summary>
    public IReadOnlyList<string> Keyspaces { get; }

    /// <summary><c>ks.table</c> (as restored) of the tables whose schema the backup does not hold (nodes before 3.0.9).</summary>
    public IReadOnlyList<string> TablesWithoutSchema { get; }

    /// <summary>
    /// The script for <paramref name="tables"/> (entries of <paramref name="manifest"/>), restored under the names
    /// <paramref name="renames"/> gives. Throws <see cref="InvalidDataException"/> naming the table and the statement
    /// when a schema holds anything the allow-list refuses, and <see cref="ArgumentException"/> for renames that do
    /// not fit the tables.
    /// </summary>
    public static RestoreSchemaScript Build(NodeManifest manifest, IReadOnlyList<TableEntry> tables, RenameMap? renames = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(tables);
        renames ??= RenameMap.Empty;
        renames.CheckAgainst(tables.Select(t => (t.Keyspace, t.Table)));

        var statements = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keyspaces = new SortedSet<string>(StringComparer.Ordinal);
        var withoutSchema = new List<string>();
        var body = new StringBuilder();
        foreach (var table in NewestFirst(tables))
        {
            var target = renames.Apply(table.Keyspace, table.Table);
            var name = $"{table.Keyspace}.{table.Table}";
            var restoredAs = renames.IsRenamed(table.Keyspace, table.Table) ? $", restored as {target.Keyspace}.{target.Table} (with a new id)" : string.Empty;
            body.Append('\n').Append("-- ").Append(name).Append(table.TableId is null ? string.Empty : $" (id {table.TableId})").Append(restoredAs).Append('\n');
            keyspaces.Add(target.Keyspace);
            if (table.Schema is null)
            {
                withoutSchema.Add($"{target.Keyspace}.{target.Table}");
                body.Append("-- The backup holds no schema for this table: the node did not record schema.cql (Cassandra before 3.0.9).\n")
                    .Append("-- Create it by hand, as it was, before restoring its data.\n");
                continue;
            }

            foreach (var statement in TableStatements(manifest, table, renames))
            {
                if (seen.Add(statement))
                {
                    statements.Add(statement);
                    body.Append(statement).Append('\n');
                }
            }
        }

        var text = new StringBuilder();
        var node = manifest.Node;
        text.Append("-- Schema of ").Append(tables.Count.ToString(CultureInfo.InvariantCulture)).Append(" table(s) from backup ").Append(manifest.Tag)
            .Append(" of cluster '").Append(Printable(node.Cluster)).Append("', node ").Append(node.HostId.ToString("D"))
            .Append(" (").Append(Printable(node.Hostname)).Append(", ").Append(Printable(node.Datacenter)).Append('/').Append(Printable(node.Rack))
            .Append(", Cassandra ").Append(Printable(node.CassandraVersion)).Append("),\n")
            .Append("-- taken ").Append(manifest.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append(" to ").Append(manifest.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(".\n");
        if (keyspaces.Count > 0)
        {
            text.Append("-- The keyspace(s) ").Append(string.Join(", ", keyspaces)).Append(" must exist before this runs: schema.cql has no CREATE KEYSPACE\n")
                .Append("-- and the backup does not record their replication. Create them first, e.g.\n");
            foreach (var keyspace in keyspaces)
            {
                text.Append("--   CREATE KEYSPACE IF NOT EXISTS ").Append(CqlToken.ForName(keyspace, string.Empty).Text)
                    .Append(" WITH replication = {'class': 'NetworkTopologyStrategy', '").Append(Printable(node.Datacenter)).Append("': 3};\n");
            }
        }

        text.Append(body);
        return new RestoreSchemaScript(text.ToString(), statements, [.. keyspaces], withoutSchema);
    }

    /// <summary>
    /// The tables in their order, except that a table dropped and recreated (one name, two ids in the backup) comes newest
    /// id first: with IF NOT EXISTS the first CREATE TABLE wins, and the newest is the table as it last was.
    /// </summary>
    private static List<TableEntry> NewestFirst(IReadOnlyList<TableEntry> tables)
    {
        var firstIndex = new Dictionary<(string, string), int>();
        for (var i = 0; i < tables.Count; i++)
        {
            firstIndex.TryAdd((tables[i].Keyspace, tables[i].Table), i);
        }

        return tables.OrderBy(t => firstIndex[(t.Keyspace, t.Table)])
            .ThenByDescending(t => t.TableId is null ? null : Snapshots.AutoSnapshotFinder.TimeUuidTime(t.TableId))
            .ToList();
    }

    private static List<string> TableStatements(NodeManifest manifest, TableEntry table, RenameMap renames)
    {
        var where = $"the schema of {table.Keyspace}.{table.Table} in backup {manifest.Tag} (node {manifest.Node.HostId:D})";
        const string advice = "the manifest was not written by Amphora or was altered; check the statement, create the table by hand, " +
            "or leave the table out with -K";
        IReadOnlyList<CqlStatement> statements;
        try
        {
            statements = CqlStatementSplitter.Split(table.Schema!);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{where} is not well-formed CQL: {e.Message.TrimEnd('.')}; {advice}.", e);
        }

        var result = new List<string>();
        foreach (var statement in statements)
        {
            try
            {
                result.Add(RestoreStatementRewriter.Rewrite(statement, (table.Keyspace, table.Table), renames));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{where} holds '{statement.Beginning()}', {e.Message}; {advice}.", e);
            }
        }

        return result;
    }

    /// <summary>Names from the manifest in a comment: anything that could end the comment line or move the terminal becomes '?'.</summary>
    private static string Printable(string text) =>
        new(text.Select(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate ? '?' : c).ToArray());
}

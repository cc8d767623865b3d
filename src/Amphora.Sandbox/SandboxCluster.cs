using System.Text;
using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>A sandbox cluster directory: <c>DIR/node1</c> ... <c>DIR/nodeN</c> and the schema they share.</summary>
public sealed partial class SandboxCluster
{
    private SandboxCluster(string directory, ClusterManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
        Format = SSTableFormat.Parse(manifest.Format);
        Nodes = manifest.Nodes.Select(n => new SandboxNode(this, n)).ToList();
    }

    public string Directory { get; }

    public ClusterManifest Manifest { get; }

    public SSTableFormat Format { get; }

    public IReadOnlyList<SandboxNode> Nodes { get; }

    internal static string PrivateDirectoryOf(string directory) => Path.Combine(directory, ".sandbox");

    private string SchemaPath => Path.Combine(PrivateDirectoryOf(Directory), "schema.json");

    public static SandboxCluster Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(PrivateDirectoryOf(full), "cluster.json");
        if (!File.Exists(manifestPath))
        {
            throw new SandboxException($"{full} is not a sandbox cluster (no .sandbox/cluster.json). Create one with 'amphora sandbox create {directory}'.");
        }

        return new SandboxCluster(full, SandboxJson.Read<ClusterManifest>(manifestPath));
    }

    internal static SandboxCluster Initialize(string directory, ClusterManifest manifest, ClusterSchema schema)
    {
        System.IO.Directory.CreateDirectory(PrivateDirectoryOf(directory));
        SandboxJson.WriteAtomically(Path.Combine(PrivateDirectoryOf(directory), "cluster.json"), manifest);
        var cluster = new SandboxCluster(directory, manifest);
        schema.Save(cluster.SchemaPath);
        return cluster;
    }

    public SandboxNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new SandboxException($"No node '{name}' in sandbox {Directory}; it has {string.Join(", ", Nodes.Select(n => n.Name))}.");

    public SandboxNode? NodeByAddress(string address) => Nodes.FirstOrDefault(n => n.Address == address);

    public ClusterSchema LoadSchema() => ClusterSchema.Load(SchemaPath);

    public TableSchema ResolveTable(string qualifiedTable)
    {
        var (keyspace, table) = SplitTableName(qualifiedTable);
        var schema = LoadSchema();
        if (schema.FindKeyspace(keyspace) is null)
        {
            throw new SandboxException($"Keyspace {keyspace} does not exist");
        }

        return schema.FindTable(keyspace, table) ?? throw new SandboxException($"Unknown keyspace/cf pair ({keyspace}.{table})");
    }

    public static (string Keyspace, string Table) SplitTableName(string qualifiedTable)
    {
        var parts = qualifiedTable.Split('.');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new SandboxException($"'{qualifiedTable}' is not a table name: use keyspace.table (letters, digits and _).");
        }

        return (parts[0], parts[1]);
    }

    /// <summary>
    /// Finds a table, creating it (and its keyspace) when missing: the schema change reaches every node's data
    /// directories, and the coordinating node records it in system_schema and flushes it, as Cassandra does.
    /// </summary>
    internal TableSchema EnsureTable(SandboxNode coordinator, NodeState state, NodeConfig config, string qualifiedTable, TableCreation creation)
    {
        var (keyspaceName, tableName) = SplitTableName(qualifiedTable);
        using var schemaLock = SchemaLock();
        var schema = LoadSchema();
        if (schema.FindTable(keyspaceName, tableName) is { } existing)
        {
            return existing;
        }

        if (SystemKeyspaces.IsSystem(keyspaceName))
        {
            throw new SandboxException($"Cannot add tables to system keyspace {keyspaceName}.");
        }

        var keyspace = schema.FindKeyspace(keyspaceName);
        if (keyspace is null)
        {
            var replication = new Dictionary<string, string> { ["class"] = "org.apache.cassandra.locator.NetworkTopologyStrategy" };
            foreach (var dc in Manifest.Nodes.GroupBy(n => n.Datacenter))
            {
                replication[dc.Key] = Math.Min(3, dc.Count()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            keyspace = new KeyspaceSchema { Name = keyspaceName, Replication = replication };
            schema.Keyspaces.Add(keyspace);
        }

        var table = new TableSchema
        {
            Keyspace = keyspaceName,
            Name = tableName,
            Id = TimeUuid.New(),
            Compressor = creation.Storage.Compressor,
            ChunkLengthKiB = creation.Storage.ChunkLengthKiB,
            Indexes = creation.Indexes.ToList(),
        };
        keyspace.Tables.Add(table);
        CreateTableDirectories(table);
        CommitSchemaChange(coordinator, state, config, schema, keyspace, table);
        return table;
    }

    internal void RemoveTable(SandboxNode coordinator, NodeState state, NodeConfig config, TableSchema table)
    {
        using var schemaLock = SchemaLock();
        var schema = LoadSchema();
        var keyspace = schema.FindKeyspace(table.Keyspace)!;
        keyspace.Tables.RemoveAll(t => t.Id == table.Id);
        CommitSchemaChange(coordinator, state, config, schema, keyspace, table, dropped: true);
    }

    /// <summary>Creates the table's directory in every data directory of every node (its index subdirectories too).</summary>
    internal void CreateTableDirectories(TableSchema table)
    {
        foreach (var node in Nodes)
        {
            foreach (var dataDirectory in node.Config.DataDirectories)
            {
                var directory = node.TableDirectory(dataDirectory, table);
                System.IO.Directory.CreateDirectory(directory);
                foreach (var index in table.Indexes)
                {
                    System.IO.Directory.CreateDirectory(Path.Combine(directory, "." + index));
                }
            }
        }
    }

    /// <summary>Schema changes are mutations of system_schema tables, flushed at once (Cassandra flushes schema tables).</summary>
    /// <summary>Schema changes are serialised across the sandbox's processes, as Cassandra's schema agreement would.</summary>
    private NodeLock SchemaLock() => NodeLock.Acquire(Path.Combine(PrivateDirectoryOf(Directory), "schema.lock"));

    /// <summary>Saves the changed schema under a new version and records the change in system_schema on the coordinator.</summary>
    private void CommitSchemaChange(
        SandboxNode coordinator, NodeState state, NodeConfig config, ClusterSchema schema, KeyspaceSchema keyspace, TableSchema? table, bool dropped = false)
    {
        schema.Version = Guid.NewGuid();
        schema.Save(SchemaPath);
        RecordSchemaChange(coordinator, state, config, schema, keyspace, table, dropped);
    }

    private static void RecordSchemaChange(
        SandboxNode coordinator, NodeState state, NodeConfig config, ClusterSchema schema, KeyspaceSchema keyspace, TableSchema? table, bool dropped = false)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var keyspaces = schema.FindTable(SystemKeyspaces.Schema, "keyspaces")!;
        var tables = schema.FindTable(SystemKeyspaces.Schema, "tables")!;
        var keyspaceRow = new Row(Encoding.UTF8.GetBytes(keyspace.Name), now, Row.NoDeletion, Encoding.UTF8.GetBytes(SchemaCql.Replication(keyspace)));
        var mutations = new List<Mutation> { new(keyspaces.Id, keyspaceRow) };
        if (table is not null)
        {
            var tableKey = Encoding.UTF8.GetBytes(table.QualifiedName);
            var tableRow = dropped
                ? new Row(tableKey, now, (int)(now / 1_000_000), null)
                : new Row(tableKey, now, Row.NoDeletion, Encoding.UTF8.GetBytes(SchemaCql.For(table)));
            mutations.Add(new Mutation(tables.Id, tableRow));
        }

        coordinator.AppendToCommitLog(state, config, mutations);
        coordinator.FlushTables(state, config, schema, table is null ? [keyspaces] : [keyspaces, tables]);
    }

    /// <summary>Every table directory of the schema in every data directory of a node (system tables included).</summary>
    internal void CreateSystemDirectories(SandboxNode node)
    {
        foreach (var table in LoadSchema().AllTables)
        {
            foreach (var dataDirectory in node.Config.DataDirectories)
            {
                System.IO.Directory.CreateDirectory(node.TableDirectory(dataDirectory, table));
            }
        }
    }
}

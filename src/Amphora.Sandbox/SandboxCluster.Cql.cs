using Amphora.Sandbox.Cql;
using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox;

/// <summary>Schema changes made through the sandbox's cqlsh: CREATE KEYSPACE, CREATE TABLE, CREATE INDEX.</summary>
public sealed partial class SandboxCluster
{
    /// <summary>CREATE KEYSPACE: adds the keyspace to the schema and records it in system_schema on the coordinator.</summary>
    internal bool CreateKeyspace(SandboxNode coordinator, NodeState state, NodeConfig config, KeyspaceSchema keyspace, bool ifNotExists)
    {
        using var schemaLock = SchemaLock();
        var schema = LoadSchema();
        if (schema.FindKeyspace(keyspace.Name) is not null)
        {
            return ifNotExists ? false : throw CqlRequestException.AlreadyExists(keyspace.Name);
        }

        schema.Keyspaces.Add(keyspace);
        CommitSchemaChange(coordinator, state, config, schema, keyspace, null);
        return true;
    }

    /// <summary>
    /// CREATE TABLE: adds the table (with the id it was given, or a new time UUID) and creates its directories on
    /// every node, as <c>sandbox write</c> does. A table id still in use by another table is refused.
    /// </summary>
    internal bool CreateTable(SandboxNode coordinator, NodeState state, NodeConfig config, TableSchema table, bool ifNotExists)
    {
        using var schemaLock = SchemaLock();
        var schema = LoadSchema();
        var keyspace = schema.FindKeyspace(table.Keyspace) ?? throw CqlRequestException.Invalid($"Keyspace '{table.Keyspace}' doesn't exist");
        if (keyspace.Tables.Any(t => t.Name == table.Name))
        {
            return ifNotExists ? false : throw CqlRequestException.AlreadyExists(table.Keyspace, table.Name);
        }

        if (keyspace.IsSystem)
        {
            throw CqlRequestException.Invalid($"Cannot add tables to system keyspace {keyspace.Name}");
        }

        if (schema.FindTable(table.Id) is { } clash)
        {
            throw CqlRequestException.Invalid($"Table id {table.Id:D} is already used by {clash.QualifiedName}");
        }

        keyspace.Tables.Add(table);
        CreateTableDirectories(table);
        CommitSchemaChange(coordinator, state, config, schema, keyspace, table);
        return true;
    }

    /// <summary>CREATE INDEX on the value column: the index's <c>.name</c> directories appear in every node's table directories.</summary>
    internal bool CreateIndex(SandboxNode coordinator, NodeState state, NodeConfig config, string keyspaceName, string tableName, string index, bool ifNotExists)
    {
        using var schemaLock = SchemaLock();
        var schema = LoadSchema();
        var keyspace = schema.FindKeyspace(keyspaceName) ?? throw CqlRequestException.Invalid($"Keyspace '{keyspaceName}' doesn't exist");
        var table = keyspace.Tables.FirstOrDefault(t => t.Name == tableName) ?? throw CqlRequestException.Invalid($"Table '{tableName}' doesn't exist");
        if (keyspace.Tables.Any(t => t.Indexes.Contains(index)))
        {
            return ifNotExists ? false : throw CqlRequestException.Invalid($"Index '{index}' already exists");
        }

        if (table.Indexes.Count > 0)
        {
            // One index per column; Cassandra refuses a second index on the same column with the same options.
            return ifNotExists ? false : throw CqlRequestException.Invalid($"Index {index} is a duplicate of existing index {table.Indexes[0]}");
        }

        table.Indexes.Add(index);
        CreateTableDirectories(table);
        CommitSchemaChange(coordinator, state, config, schema, keyspace, table);
        return true;
    }
}

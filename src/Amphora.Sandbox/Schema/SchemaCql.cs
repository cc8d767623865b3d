using System.Text;

namespace Amphora.Sandbox.Schema;

/// <summary>
/// The CQL Cassandra 4.1 writes into a snapshot's schema.cql (SchemaCQLHelper.reCreateStatementsForSchemaCql):
/// CREATE TABLE IF NOT EXISTS with the table id and every table option, then one CREATE INDEX per index.
/// </summary>
public static class SchemaCql
{
    public static string For(TableSchema table)
    {
        var compression = table.Compressor is null
            ? "{'enabled': 'false'}"
            : $"{{'chunk_length_in_kb': '{table.ChunkLengthKiB}', 'class': 'org.apache.cassandra.io.compress.{table.Compressor}'}}";
        var cql = new StringBuilder();
        cql.Append("CREATE TABLE IF NOT EXISTS ").Append(table.QualifiedName).Append(" (\n");
        cql.Append("    id ").Append(table.KeyType).Append(" PRIMARY KEY,\n");
        cql.Append("    value text\n");
        cql.Append(") WITH ID = ").Append(table.Id.ToString("D")).Append('\n');
        cql.Append("    AND additional_write_policy = '99p'\n");
        cql.Append("    AND allow_auto_snapshot = true\n");
        cql.Append("    AND bloom_filter_fp_chance = 0.01\n");
        cql.Append("    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}\n");
        cql.Append("    AND cdc = false\n");
        cql.Append("    AND comment = ''\n");
        cql.Append("    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}\n");
        cql.Append("    AND compression = ").Append(compression).Append('\n');
        cql.Append("    AND memtable = 'default'\n");
        cql.Append("    AND crc_check_chance = 1.0\n");
        cql.Append("    AND default_time_to_live = 0\n");
        cql.Append("    AND extensions = {}\n");
        cql.Append("    AND gc_grace_seconds = 864000\n");
        cql.Append("    AND incremental_backups = true\n");
        cql.Append("    AND max_index_interval = 2048\n");
        cql.Append("    AND memtable_flush_period_in_ms = 0\n");
        cql.Append("    AND min_index_interval = 128\n");
        cql.Append("    AND read_repair = 'BLOCKING'\n");
        cql.Append("    AND speculative_retry = '99p';\n");
        foreach (var index in table.Indexes)
        {
            cql.Append("CREATE INDEX IF NOT EXISTS ").Append(index).Append(" ON ").Append(table.QualifiedName).Append(" (value);\n");
        }

        return cql.ToString();
    }

    /// <summary>The replication map as CQL shows it, keys sorted: {'class': '...', 'dc1': '3'}.</summary>
    public static string Replication(KeyspaceSchema keyspace) =>
        "{" + string.Join(", ", keyspace.Replication.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"'{p.Key}': '{p.Value}'")) + "}";
}

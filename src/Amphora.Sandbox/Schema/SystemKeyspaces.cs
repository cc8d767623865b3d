using System.Text;

namespace Amphora.Sandbox.Schema;

/// <summary>
/// The system keyspaces and tables a fresh Cassandra node has on disk, with their fixed ids
/// (TableId.forSystemTable: a name-based UUID of the keyspace name followed by the table name).
/// </summary>
public static class SystemKeyspaces
{
    public const string System = "system";
    public const string Schema = "system_schema";

    private static readonly (string Keyspace, bool Replicated, string[] Tables)[] Definitions =
    [
        (System, false, ["IndexInfo", "available_ranges", "available_ranges_v2", "batches", "built_views", "compaction_history",
            "local", "paxos", "paxos_repair_history", "peer_events", "peer_events_v2", "peers", "peers_v2", "prepared_statements",
            "repairs", "size_estimates", "sstable_activity", "sstable_activity_v2", "table_estimates", "top_partitions", "transferred_ranges",
            "transferred_ranges_v2", "view_builds_in_progress"]),
        (Schema, false, ["aggregates", "columns", "dropped_columns", "functions", "indexes", "keyspaces", "tables", "triggers", "types", "views"]),
        ("system_auth", true, ["network_permissions", "resource_role_permissons_index", "role_members", "role_permissions", "roles"]),
        ("system_distributed", true, ["parent_repair_history", "partition_denylist", "repair_history", "view_build_status"]),
        ("system_traces", true, ["events", "sessions"]),
    ];

    public static bool IsSystem(string keyspace) => Definitions.Any(d => d.Keyspace == keyspace);

    public static Guid TableId(string keyspace, string table) => TimeUuid.NameBased(Encoding.UTF8.GetBytes(keyspace + table));

    public static IEnumerable<KeyspaceSchema> Create() =>
        Definitions.Select(d => new KeyspaceSchema
        {
            Name = d.Keyspace,
            IsSystem = true,
            Replication = d.Replicated
                ? d.Keyspace == "system_auth"
                    ? new() { ["class"] = "org.apache.cassandra.locator.SimpleStrategy", ["replication_factor"] = "1" }
                    : new() { ["class"] = "org.apache.cassandra.locator.SimpleStrategy", ["replication_factor"] = d.Keyspace == "system_traces" ? "2" : "3" }
                : new() { ["class"] = "org.apache.cassandra.locator.LocalStrategy" },
            Tables = d.Tables.Select(t => new TableSchema
            {
                Keyspace = d.Keyspace,
                Name = t,
                Id = TableId(d.Keyspace, t),
                KeyType = "text",
            }).ToList(),
        });
}

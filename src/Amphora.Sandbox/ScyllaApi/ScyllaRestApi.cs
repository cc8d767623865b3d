using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.ScyllaApi;

/// <summary>
/// The part of Scylla's REST API Amphora uses, answered from a sandbox node: each operation does what the sandbox's nodetool
/// equivalent does (snapshot, clearsnapshot, listsnapshots, flush, refresh from upload/), under the node lock.
/// Bad parameters throw <see cref="ScyllaApiError"/>, with Scylla's own wording where known.
/// </summary>
public sealed class ScyllaRestApi(SandboxCluster cluster, SandboxNode node)
{
    public string LocalHostId() => node.LoadState().HostId.ToString("D");

    /// <summary>GET /storage_service/host_id: every endpoint of the ring with its host id.</summary>
    public IReadOnlyList<KeyValue> HostIds() =>
        cluster.Nodes.Select(n => new KeyValue(n.Address, n.LoadState().HostId.ToString("D"))).ToList();

    /// <summary>GET /storage_service/tokens: the ring's tokens, in ring order.</summary>
    public IReadOnlyList<string> RingTokens() =>
        cluster.Nodes.SelectMany(n => n.LoadState().Tokens).Order().Select(Text).ToList();

    /// <summary>GET /storage_service/tokens/{endpoint}: one endpoint's tokens (none for an address outside the ring).</summary>
    public IReadOnlyList<string> TokensOf(string endpoint) =>
        cluster.NodeByAddress(endpoint) is { } peer ? peer.LoadState().Tokens.Select(Text).ToList() : [];

    /// <summary>GET /snitch/datacenter?host=: the local node's when no host is given.</summary>
    public string Datacenter(string? host) => Peer(host).Manifest.Datacenter;

    public string Rack(string? host) => Peer(host).Manifest.Rack;

    public string ClusterName() => node.Config.ClusterName;

    public static string ScyllaReleaseVersion() => SandboxNode.ScyllaVersion;

    /// <summary>GET /storage_service/keyspaces?type=user|non_local_strategy|all (all by default).</summary>
    public IReadOnlyList<string> Keyspaces(string? type)
    {
        var keyspaces = cluster.LoadSchema().Keyspaces;
        return type switch
        {
            null or "" or "all" => keyspaces.Select(k => k.Name).ToList(),
            "user" => keyspaces.Where(k => !k.IsSystem).Select(k => k.Name).ToList(),
            "non_local_strategy" => keyspaces.Where(k => !k.Replication.GetValueOrDefault("class", string.Empty).EndsWith("LocalStrategy", StringComparison.Ordinal))
                .Select(k => k.Name).ToList(),
            _ => throw new ScyllaApiError($"Invalid type parameter {type}: use user, non_local_strategy or all"),
        };
    }

    /// <summary>POST /storage_service/snapshots?tag=&amp;kn=&amp;cf=&amp;sf=: nodetool snapshot's work (flush unless sf=true, then hard links).</summary>
    public void TakeSnapshot(string? tag, string? keyspaces, string? tables, bool skipFlush)
    {
        if (string.IsNullOrEmpty(tag))
        {
            throw new ScyllaApiError("You must supply a snapshot name.");
        }

        node.Snapshot(tag, ResolveTables(keyspaces, tables), skipFlush);
    }

    /// <summary>DELETE /storage_service/snapshots?tag=&amp;kn=: every snapshot when no tag is given.</summary>
    public void ClearSnapshot(string? tag, string? keyspaces)
    {
        var names = Split(keyspaces);
        var schema = cluster.LoadSchema();
        foreach (var keyspace in names)
        {
            RequireKeyspace(schema, keyspace);
        }

        node.ClearSnapshot(string.IsNullOrEmpty(tag) ? null : tag, names);
    }

    /// <summary>GET /storage_service/snapshots: per tag, each table's size on disk (total) and true size (live).</summary>
    public IReadOnlyList<SnapshotEntry> Snapshots() =>
        node.ListSnapshots().GroupBy(d => d.Tag, StringComparer.Ordinal)
            .Select(g => new SnapshotEntry(g.Key, g.Select(d => new SnapshotTable(d.Keyspace, d.Table, d.SizeOnDiskBytes, d.TrueSizeBytes)).ToList()))
            .ToList();

    /// <summary>GET /storage_service/snapshots/size/true: the bytes snapshots alone hold.</summary>
    public long TrueSnapshotsSize() => node.ListSnapshots().Sum(d => d.TrueSizeBytes);

    /// <summary>POST /storage_service/keyspace_flush/{keyspace}?cf=: nodetool flush.</summary>
    public void Flush(string keyspace, string? tables) => node.Flush(ResolveTables(keyspace, tables));

    /// <summary>
    /// POST /storage_service/sstables/{keyspace}?cf=&amp;load_and_stream=: loads the SSTables in the table's upload/ directory
    /// (each data directory's), as nodetool refresh does on Scylla; SSTables that cannot be read stay there and fail the request.
    /// </summary>
    public void LoadNewSSTables(string keyspace, string? table, bool loadAndStream)
    {
        if (string.IsNullOrEmpty(table))
        {
            throw new ScyllaApiError("Missing mandatory parameter 'cf'");
        }

        if (loadAndStream)
        {
            throw new ScyllaApiError("load_and_stream=true is not supported by the Amphora sandbox: it loads into the local node only.");
        }

        var schema = cluster.LoadSchema();
        RequireKeyspace(schema, keyspace);
        var tableSchema = schema.FindTable(keyspace, table) ?? throw new ScyllaApiError($"Can't find a column family {table} in keyspace {keyspace}");
        var uploads = node.Config.DataDirectories.Select(d => Path.Combine(node.TableDirectory(d, tableSchema), "upload")).Where(Directory.Exists).ToList();
        var failed = node.Import(tableSchema, uploads, verify: true);
        if (failed.Count > 0)
        {
            throw new SandboxException($"Failed to load new sstables of {keyspace}.{table}: unreadable SSTables were left in {string.Join(", ", failed)}");
        }
    }

    /// <summary>[kn [cf]] as the snapshot and flush endpoints take them: cf needs exactly one keyspace.</summary>
    private List<TableSchema> ResolveTables(string? keyspaces, string? tables)
    {
        var schema = cluster.LoadSchema();
        var keyspaceNames = Split(keyspaces);
        var tableNames = Split(tables);
        if (tableNames.Count > 0)
        {
            if (keyspaceNames.Count != 1)
            {
                throw new ScyllaApiError("When specifying column families, exactly one keyspace must be given");
            }

            RequireKeyspace(schema, keyspaceNames[0]);
            return tableNames.Select(t => schema.FindTable(keyspaceNames[0], t)
                ?? throw new ScyllaApiError($"Can't find a column family {t} in keyspace {keyspaceNames[0]}")).ToList();
        }

        var selected = keyspaceNames.Count == 0 ? schema.Keyspaces : keyspaceNames.Select(k => RequireKeyspace(schema, k)).ToList();
        return selected.SelectMany(k => k.Tables).ToList();
    }

    private static KeyspaceSchema RequireKeyspace(ClusterSchema schema, string keyspace) =>
        schema.FindKeyspace(keyspace) ?? throw new ScyllaApiError($"Can't find a keyspace {keyspace}");

    private SandboxNode Peer(string? host) =>
        string.IsNullOrEmpty(host) ? node : cluster.NodeByAddress(host) ?? throw new ScyllaApiError($"Host {host} is not in the ring");

    private static List<string> Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string Text(long token) => token.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public sealed record KeyValue(string Key, string Value);

    public sealed record SnapshotEntry(string Key, IReadOnlyList<SnapshotTable> Value);

    public sealed record SnapshotTable(string Ks, string Cf, long Total, long Live);
}

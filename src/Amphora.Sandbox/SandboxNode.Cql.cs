using Amphora.Sandbox.Cql;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>What this node does as the coordinator of cqlsh's schema statements, and as the receiver of sstableloader's streams.</summary>
public sealed partial class SandboxNode
{
    public bool CreateKeyspace(KeyspaceSchema keyspace, bool ifNotExists) =>
        WithRunningNode((state, config) => Cluster.CreateKeyspace(this, state, config, keyspace, ifNotExists));

    public bool CreateTable(TableSchema table, bool ifNotExists) =>
        WithRunningNode((state, config) => Cluster.CreateTable(this, state, config, table, ifNotExists));

    public bool CreateIndex(string keyspace, string table, string index, bool ifNotExists) =>
        WithRunningNode((state, config) => Cluster.CreateIndex(this, state, config, keyspace, table, index, ifNotExists));

    /// <summary>
    /// DROP TABLE through CQL: every running node flushes the table, takes its <c>dropped-&lt;ms&gt;-&lt;table&gt;</c>
    /// auto-snapshot and deletes its SSTables (the table directory stays, as in Cassandra); then the schema forgets it.
    /// A node that is down keeps its files.
    /// </summary>
    public void DropTableEverywhere(TableSchema table)
    {
        foreach (var node in Cluster.Nodes.Where(n => n != this && n.IsRunning))
        {
            node.WithRunningNode((state, config) => node.RemoveTableData(state, config, table, "dropped"));
        }

        WithRunningNode((state, config) =>
        {
            RemoveTableData(state, config, table, "dropped");
            Cluster.RemoveTable(this, state, config, table);
        });
    }

    /// <summary>TRUNCATE through CQL: needs every node up (consistency ALL); each takes its truncated- auto-snapshot.</summary>
    public void TruncateEverywhere(TableSchema table)
    {
        var alive = Cluster.Nodes.Count(n => n.IsRunning);
        if (alive < Cluster.Nodes.Count)
        {
            throw new CqlRequestException("Unavailable",
                $"Error from server: code=1000 [Unavailable exception] message=\"Cannot achieve consistency level ALL\" " +
                $"info={{'consistency': 'ALL', 'required_replicas': {Cluster.Nodes.Count}, 'alive_replicas': {alive}}}");
        }

        foreach (var node in Cluster.Nodes)
        {
            node.WithRunningNode((state, config) => node.RemoveTableData(state, config, table, TruncatedSnapshotPrefix));
        }
    }

    /// <summary>
    /// Receives streamed rows (sstableloader): writes them as new SSTables of the table, one per data directory they
    /// fall into, rebuilds the index entries for them, and links them into backups/ when incremental backups are on.
    /// Returns the new SSTables.
    /// </summary>
    public IReadOnlyList<SSTableDescriptor> ReceiveStream(TableSchema table, IReadOnlyCollection<Row> rows) =>
        WithRunningNode<IReadOnlyList<SSTableDescriptor>>((state, config) => WriteLiveSSTables(state, config, table, rows, new SSTableStats()));
}

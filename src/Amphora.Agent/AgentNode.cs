using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;
using Amphora.Nodes;
using Amphora.Nodes.Scylla;

namespace Amphora.Agent;

/// <summary>
/// The agent's node as its config describes it: the adapter that speaks to it, its flavour, where a restore writes (data and
/// commit log directories) and its commit log spool.
/// </summary>
public sealed record AgentNode(INodeAdapter Adapter, string Flavour, RestoreTarget RestoreTarget, string CommitLogSpool)
{
    public static AgentNode Create(AgentConfig.NodeSection node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ScyllaYaml is not null ? CreateScylla(node) : CreateCassandra(node);
    }

    private static AgentNode CreateCassandra(AgentConfig.NodeSection node)
    {
        var yaml = CassandraYaml.Load(node.CassandraYaml!);
        var adapter = new NodetoolNodeAdapter(yaml, new Nodetool(node.Nodetool));
        var target = RestoreTarget.From(yaml, adapter);
        return new AgentNode(adapter, "cassandra", target, node.CommitlogSpool ?? SegmentSpool.DefaultFor(target.CommitLogDirectory));
    }

    /// <summary>Scylla through its REST API (scylla.yaml gives the API's address unless node.scylla_api overrides it).</summary>
    private static AgentNode CreateScylla(AgentConfig.NodeSection node)
    {
        var adapter = new ScyllaRestNodeAdapter(node.ScyllaYaml!, node.ScyllaApi);
        var target = new RestoreTarget(adapter, adapter.Yaml.DataFileDirectories, adapter.Yaml.CommitLogDirectory);
        return new AgentNode(adapter, "scylla", target, node.CommitlogSpool ?? SegmentSpool.DefaultFor(target.CommitLogDirectory));
    }
}

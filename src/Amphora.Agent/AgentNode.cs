using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;
using Amphora.Nodes;

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

    /// <summary>Scylla through its REST API: the ScyllaRestNodeAdapter (Amphora.Nodes.Scylla) plugs in here once it exists.</summary>
    private static AgentNode CreateScylla(AgentConfig.NodeSection node) =>
        throw new NotSupportedException($"node.scylla_yaml {node.ScyllaYaml}: this build of the agent does not speak to Scylla yet; use cassandra_yaml and nodetool.");
}

using Amphora.Nodes;

namespace Amphora.Agent;

/// <summary>The agent's node as its config describes it: the adapter that speaks to it, its flavour and its commit log spool.</summary>
public sealed record AgentNode(INodeAdapter Adapter, string Flavour, string? CommitLogSpool)
{
    public static AgentNode Create(AgentConfig.NodeSection node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ScyllaYaml is not null ? CreateScylla(node) : CreateCassandra(node);
    }

    private static AgentNode CreateCassandra(AgentConfig.NodeSection node)
    {
        var yaml = CassandraYaml.Load(node.CassandraYaml!);
        var commitLogDirectory = yaml.CommitLogDirectory
            ?? Path.Combine(Environment.GetEnvironmentVariable("CASSANDRA_HOME") ?? "/var/lib/cassandra", "data", "commitlog");
        return new AgentNode(
            new NodetoolNodeAdapter(yaml, new Nodetool(node.Nodetool)),
            "cassandra",
            node.CommitlogSpool ?? Core.CommitLogs.SegmentSpool.DefaultFor(commitLogDirectory));
    }

    /// <summary>Scylla through its REST API: the ScyllaRestNodeAdapter (Amphora.Nodes.Scylla) plugs in here once it exists.</summary>
    private static AgentNode CreateScylla(AgentConfig.NodeSection node) =>
        throw new NotSupportedException($"node.scylla_yaml {node.ScyllaYaml}: this build of the agent does not speak to Scylla yet; use cassandra_yaml and nodetool.");
}

using Amphora.Nodes;

namespace Amphora.Core.Restore;

/// <summary>The node a restore writes to: its adapter and, from its cassandra.yaml, where its data and commit log live.</summary>
public sealed record RestoreTarget(INodeAdapter Node, IReadOnlyList<string> DataDirectories, string CommitLogDirectory)
{
    public static RestoreTarget From(CassandraYaml yaml, INodeAdapter node)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var commitLog = yaml.CommitLogDirectory
            ?? Path.Combine(Environment.GetEnvironmentVariable("CASSANDRA_HOME") ?? "/var/lib/cassandra", "data", "commitlog");
        return new RestoreTarget(node, yaml.DataFileDirectories, commitLog);
    }
}

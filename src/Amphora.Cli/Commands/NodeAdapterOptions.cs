using System.CommandLine;
using Amphora.Nodes;
using Amphora.Nodes.Scylla;

namespace Amphora.Cli.Commands;

/// <summary>How a command reaches its node: nodetool and cassandra.yaml (Cassandra, DSE), or Scylla's REST API and scylla.yaml.</summary>
public static class NodeAdapterOptions
{
    public static Option<string?> ScyllaYaml() => new("--scylla-yaml")
    {
        Description = "A ScyllaDB node's scylla.yaml: reach the node through Scylla's REST API (its api_address and api_port) " +
            "in place of --cassandra-yaml and --nodetool.",
    };

    public static INodeAdapter Node(string? scyllaYaml, string cassandraYaml, string nodetool) =>
        scyllaYaml is null ? CommonOptions.Node(cassandraYaml, nodetool) : new ScyllaRestNodeAdapter(scyllaYaml);
}

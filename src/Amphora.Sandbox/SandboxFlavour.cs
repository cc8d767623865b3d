namespace Amphora.Sandbox;

/// <summary>
/// Which database a sandbox's nodes stand in for: Cassandra (conf/cassandra.yaml, bin/nodetool) or ScyllaDB (conf/scylla.yaml,
/// bin/nodetool, and Scylla's REST API on api_address:api_port while the node is up).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SandboxFlavour>))]
public enum SandboxFlavour
{
    Cassandra,
    Scylla,
}

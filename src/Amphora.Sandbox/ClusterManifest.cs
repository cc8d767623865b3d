namespace Amphora.Sandbox;

/// <summary>The sandbox cluster's layout (<c>DIR/.sandbox/cluster.json</c>): its name, format and nodes.</summary>
public sealed class ClusterManifest
{
    public required string ClusterName { get; init; }

    public required string Format { get; init; }

    /// <summary>Absent in sandboxes made before flavours existed: those are Cassandra.</summary>
    public SandboxFlavour Flavour { get; init; } = SandboxFlavour.Cassandra;

    public required List<NodeManifest> Nodes { get; init; }
}

public sealed class NodeManifest
{
    public required string Name { get; init; }

    public required string Address { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }
}

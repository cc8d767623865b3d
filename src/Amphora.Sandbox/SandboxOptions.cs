using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>What <c>amphora sandbox create</c> builds.</summary>
public sealed record SandboxOptions
{
    public int Nodes { get; init; } = 1;

    public int Datacenters { get; init; } = 1;

    public int DataDirectories { get; init; } = 2;

    public SSTableFormat Format { get; init; } = SSTableFormat.Nb;

    /// <summary>commitlog_segment_size; smaller than Cassandra's 32MiB default to keep test data small.</summary>
    public string CommitLogSegmentSize { get; init; } = "1MiB";

    public bool IncrementalBackups { get; init; }

    public string ClusterName { get; init; } = "Sandbox Cluster";

    public int TokensPerNode { get; init; } = 16;

    public SandboxFlavour Flavour { get; init; } = SandboxFlavour.Cassandra;

    /// <summary>api_port of Scylla-flavoured nodes (Scylla's default 10000); each node serves it on its own 127.0.0.N address.</summary>
    public int ApiPort { get; init; } = 10000;

    /// <summary>The command line bin/nodetool runs, e.g. <c>/usr/bin/dotnet /opt/amphora/amphora.dll</c>.</summary>
    public required string AmphoraCommand { get; init; }
}

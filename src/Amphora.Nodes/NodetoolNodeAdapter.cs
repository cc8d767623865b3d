namespace Amphora.Nodes;

/// <summary>A Cassandra or DSE node known by its cassandra.yaml and controlled with its nodetool command line.</summary>
public sealed class NodetoolNodeAdapter(CassandraYaml yaml, Nodetool nodetool) : INodeAdapter
{
    public string Description => nodetool.CommandLine;

    public IReadOnlyList<string> DataDirectories => yaml.DataFileDirectories;

    public async Task<NodeIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        // At once: each nodetool is a JVM start of a second or more on a real node, and these only read.
        var info = nodetool.InfoAsync(cancellationToken);
        var cluster = nodetool.DescribeClusterAsync(cancellationToken);
        var version = nodetool.VersionAsync(cancellationToken);
        await Task.WhenAll(info, cluster, version).ConfigureAwait(false);
        var (node, description) = (await info.ConfigureAwait(false), await cluster.ConfigureAwait(false));
        return new NodeIdentity(description.Name, node.Datacenter, node.Rack, node.HostId, node.Tokens, await version.ConfigureAwait(false), description.Keyspaces);
    }

    public Task SnapshotAsync(string tag, IReadOnlyList<string> keyspaces, CancellationToken cancellationToken) =>
        nodetool.SnapshotAsync(tag, keyspaces, cancellationToken);

    public Task ClearSnapshotAsync(string tag, CancellationToken cancellationToken) => nodetool.ClearSnapshotAsync(tag, cancellationToken);

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => nodetool.IsRunningAsync(cancellationToken);

    public Task ImportAsync(string keyspace, string table, IReadOnlyList<string> directories, CancellationToken cancellationToken) =>
        nodetool.ImportAsync(keyspace, table, directories, cancellationToken);

    public Task RefreshAsync(string keyspace, string table, CancellationToken cancellationToken) =>
        nodetool.RunAsync(["refresh", keyspace, table], cancellationToken);
}

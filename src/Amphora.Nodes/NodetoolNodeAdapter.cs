namespace Amphora.Nodes;

/// <summary>A Cassandra or DSE node known by its cassandra.yaml and controlled with its nodetool command line.</summary>
public sealed class NodetoolNodeAdapter(CassandraYaml yaml, Nodetool nodetool) : INodeAdapter
{
    public string Description => nodetool.CommandLine;

    public IReadOnlyList<string> DataDirectories => yaml.DataFileDirectories;

    public async Task<NodeIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        var info = await nodetool.InfoAsync(cancellationToken).ConfigureAwait(false);
        var cluster = await nodetool.DescribeClusterAsync(cancellationToken).ConfigureAwait(false);
        var version = await nodetool.VersionAsync(cancellationToken).ConfigureAwait(false);
        return new NodeIdentity(cluster.Name, info.Datacenter, info.Rack, info.HostId, info.Tokens, version, cluster.Keyspaces);
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

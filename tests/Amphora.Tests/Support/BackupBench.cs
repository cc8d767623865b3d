using Amphora.Core.Backup;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;
using Amphora.Storage.Local;

namespace Amphora.Tests.Support;

/// <summary>
/// A sandbox cluster and a backup location in temp dirs, with the real components wired as the CLI wires them (the node's
/// cassandra.yaml, its bin/nodetool process, a local-disk location, a hash cache directory), plus views of both sides read
/// without the code under test: the snapshot files in the node's data directories and the files in the location's directory.
/// </summary>
public sealed class BackupBench : IDisposable
{
    public const string ClusterName = "Sandbox Cluster";

    private readonly TempDirectory _work = new();

    public BackupBench(int nodes = 1, bool incrementalBackups = false)
    {
        Sandbox = new SandboxHarness(nodes: nodes, incrementalBackups: incrementalBackups);
        Location = Path.Combine(_work.Path, "location");
    }

    public SandboxHarness Sandbox { get; }

    /// <summary>The location's directory.</summary>
    public string Location { get; }

    public IReadOnlyList<string> DataDirectories(string node = "node1") => Sandbox.Config(node).DataDirectories;

    public Guid HostId(string node = "node1") => Sandbox.Node(node).LoadState().HostId;

    /// <summary>The node as an operator names it: its cassandra.yaml and its nodetool command line.</summary>
    public NodetoolNodeAdapter Node(string node = "node1", string? nodetool = null) =>
        new(CassandraYaml.Load(Path.Combine(Sandbox.Node(node).Directory, "conf", "cassandra.yaml")), new Nodetool(nodetool ?? Sandbox.NodetoolPath(node)));

    public IObjectStore Store() => new LocalObjectStore(Location);

    public Task<BackupRepository> RepositoryAsync(IObjectStore? store = null) => BackupRepository.OpenAsync(store ?? Store(), create: true, CancellationToken.None);

    public string CacheDirectory(string node = "node1") => Path.Combine(_work.Path, "cache", node);

    /// <summary>Runs one node backup; a fresh directory name as <paramref name="cacheDirectory"/> gives an empty hash cache.</summary>
    public async Task<BackupResult> BackupAsync(
        BackupRequest request,
        string node = "node1",
        IObjectStore? store = null,
        string? cacheDirectory = null,
        IBackupProgress? progress = null,
        INodeAdapter? adapter = null)
    {
        var repository = await RepositoryAsync(store);
        var cache = ContentHashCache.Load(cacheDirectory ?? CacheDirectory(node));
        return await new NodeBackup(adapter ?? Node(node), repository, cache, progress ?? new RecordingProgress()).RunAsync(request, CancellationToken.None);
    }

    public Task<BackupResult> BackupAsync(string tag, string node = "node1") => BackupAsync(new BackupRequest { Tag = tag }, node);

    public async Task<NodeManifest> ManifestAsync(string tag, string node = "node1")
    {
        var manifest = await (await RepositoryAsync()).ReadManifestAsync(ClusterName, tag, HostId(node), CancellationToken.None);
        Assert.True(manifest is not null, $"backup {tag} of {node} has no manifest in {Location}");
        return manifest;
    }

    /// <summary>Writes more orders, flushes and compacts them: the next backup sees new SSTables replacing old ones.</summary>
    public void ChangeOrders(long startKey, int rows = 300)
    {
        Sandbox.Write("shop.orders", rows, startKey);
        Sandbox.NodetoolOk("flush", "shop");
        Sandbox.NodetoolOk("compact", "shop", "orders");
    }

    public static string ContentKey(string hash) => $"content/{hash[..2]}/{hash}";

    public string ObjectPath(string key) => Path.Combine(Location, key);

    public string ContentPath(string hash) => ObjectPath(ContentKey(hash));

    /// <summary>Keys of the objects in the location, from its directory (the store's own temporary directory left out).</summary>
    public IReadOnlyList<string> ObjectKeys(string prefix = "")
    {
        if (!Directory.Exists(Location))
        {
            return [];
        }

        return Directory.EnumerateFiles(Location, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Location, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k.StartsWith(".amphora-tmp/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every file under <c>&lt;data&gt;/&lt;ks&gt;/&lt;table&gt;-&lt;id&gt;/snapshots/&lt;snapshot&gt;/</c>, subdirectories included,
    /// in every data directory.
    /// </summary>
    public IReadOnlyList<SnapshotFileOnDisk> SnapshotOnDisk(string snapshot, string node = "node1")
    {
        var files = new List<SnapshotFileOnDisk>();
        var dataDirectories = DataDirectories(node);
        for (var index = 0; index < dataDirectories.Count; index++)
        {
            foreach (var tag in SnapshotTagDirectories(dataDirectories[index]).Where(d => Path.GetFileName(d) == snapshot))
            {
                var tableDirectory = Path.GetDirectoryName(Path.GetDirectoryName(tag)!)!;
                var name = Path.GetFileName(tableDirectory);
                var dash = name.LastIndexOf('-');
                foreach (var file in Directory.EnumerateFiles(tag, "*", SearchOption.AllDirectories))
                {
                    files.Add(new SnapshotFileOnDisk(
                        index,
                        Path.GetFileName(Path.GetDirectoryName(tableDirectory)!),
                        name[..dash],
                        name[(dash + 1)..],
                        Path.GetRelativePath(tag, file).Replace(Path.DirectorySeparatorChar, '/'),
                        file,
                        new FileInfo(file).Length));
                }
            }
        }

        return files;
    }

    /// <summary>Every <c>snapshots/&lt;tag&gt;</c> directory on the node, whatever its tag.</summary>
    public IReadOnlyList<string> AllSnapshotDirectories(string node = "node1") => DataDirectories(node).SelectMany(SnapshotTagDirectories).ToList();

    /// <summary>Fails unless every content object the manifest references exists with its size and SHA-256 (by sha256sum).</summary>
    public void AssertContentIntact(NodeManifest manifest)
    {
        var files = manifest.Files.DistinctBy(f => f.Hash).ToList();
        foreach (var file in files)
        {
            Assert.True(File.Exists(ContentPath(file.Hash)), $"{ContentKey(file.Hash)} ({file.Path}) is missing");
            Assert.Equal(file.Size, new FileInfo(ContentPath(file.Hash)).Length);
        }

        var sums = IndependentChecks.Sha256Sums(files.Select(f => ContentPath(f.Hash)));
        Assert.All(files, f => Assert.Equal(f.Hash, sums[ContentPath(f.Hash)]));
    }

    public void Dispose()
    {
        Sandbox.Dispose();
        _work.Dispose();
    }

    private static IEnumerable<string> SnapshotTagDirectories(string dataDirectory) =>
        from keyspace in Directory.EnumerateDirectories(dataDirectory)
        from table in Directory.EnumerateDirectories(keyspace)
        let snapshots = Path.Combine(table, "snapshots")
        where Directory.Exists(snapshots)
        from tag in Directory.EnumerateDirectories(snapshots)
        select tag;
}

/// <summary>One file of a node-local snapshot, found by walking the data directory.</summary>
public sealed record SnapshotFileOnDisk(int DataDirectory, string Keyspace, string Table, string TableId, string RelativePath, string FullPath, long Size);

/// <summary>Set arithmetic on manifests: which content they reference and how big it is.</summary>
public static class ManifestContent
{
    public static HashSet<string> Hashes(params NodeManifest[] manifests) =>
        manifests.SelectMany(m => m.Files).Select(f => f.Hash).ToHashSet(StringComparer.Ordinal);

    /// <summary>Bytes of the distinct content among the manifest's files that has one of the hashes.</summary>
    public static long Bytes(NodeManifest manifest, IReadOnlySet<string> hashes) =>
        manifest.Files.Where(f => hashes.Contains(f.Hash)).DistinctBy(f => f.Hash).Sum(f => f.Size);

    public static IEnumerable<(TableEntry Table, FileEntry File)> Entries(NodeManifest manifest) =>
        manifest.Tables.SelectMany(t => t.Files.Select(f => (t, f)));
}

using Amphora.Core.IO;
using System.Text;
using Amphora.Sandbox.CommitLog;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>
/// One sandbox node: a Cassandra stand-in whose state lives on disk exactly where a real node keeps it
/// (data directories, commit log, snapshots, backups), driven by short-lived processes that take the node lock.
/// </summary>
public sealed partial class SandboxNode
{
    internal SandboxNode(SandboxCluster cluster, NodeManifest manifest)
    {
        Cluster = cluster;
        Manifest = manifest;
        Directory = Path.Combine(cluster.Directory, manifest.Name);
    }

    public SandboxCluster Cluster { get; }

    public NodeManifest Manifest { get; }

    public string Name => Manifest.Name;

    public string Directory { get; }

    public string Address => Manifest.Address;

    public SSTableFormat Format => Cluster.Format;

    public NodeConfig Config => NodeConfig.Load(Directory);

    /// <summary>conf/cassandra.yaml; commitlog_archiving.properties sits beside it.</summary>
    public string ConfigPath => NodeConfig.PathIn(Directory);

    internal string PrivateDirectory => Path.Combine(Directory, ".sandbox");

    private string StatePath => Path.Combine(PrivateDirectory, "state.json");

    public NodeState LoadState() => SandboxJson.Read<NodeState>(StatePath);

    internal void SaveState(NodeState state) => SandboxJson.WriteAtomically(StatePath, state);

    public bool IsRunning => LoadState().Running;

    internal NodeLock Lock() => NodeLock.Acquire(Path.Combine(PrivateDirectory, "lock"));

    internal CommitLogDirectory CommitLog(NodeConfig config) => new(config.CommitLogDirectory, config.CommitLogSegmentSize);

    /// <summary>Runs <paramref name="action"/> under the node lock on a running node, saving the state it changes.</summary>
    internal T WithRunningNode<T>(Func<NodeState, NodeConfig, T> action)
    {
        using var _ = Lock();
        var state = LoadState();
        if (!state.Running)
        {
            throw new NodeDownException(Address, 7199);
        }

        var result = action(state, Config);
        SaveState(state);
        return result;
    }

    internal void WithRunningNode(Action<NodeState, NodeConfig> action) => WithRunningNode<object?>((state, config) =>
    {
        action(state, config);
        return null;
    });

    public string TableDirectory(string dataDirectory, TableSchema table) => Path.Combine(dataDirectory, table.Keyspace, table.DirectoryName);

    private static string LiveKey(TableSchema table, string? index) => index is null ? table.Id.ToString("N") : $"{table.Id:N}/{index}";

    internal IEnumerable<SSTableDescriptor> LiveSSTables(NodeState state, TableSchema table, string? index = null) =>
        state.LiveOf(LiveKey(table, index)).Select(p => SSTableDescriptor.TryParse(p, out _)).OfType<SSTableDescriptor>();

    internal IEnumerable<SSTableDescriptor> AllLiveSSTables(NodeState state, TableSchema table) =>
        LiveSSTables(state, table).Concat(table.Indexes.SelectMany(i => LiveSSTables(state, table, i)));

    /// <summary>Bytes of live SSTables on this node (what nodetool reports as Load).</summary>
    public long LoadBytes(NodeState state, ClusterSchema schema)
    {
        var files = new SSTableFileIndex();
        return schema.AllTables.SelectMany(t => AllLiveSSTables(state, t)).SelectMany(files.FilesOf).Sum(f => new FileInfo(f).Length);
    }

    private bool IncrementalBackupsEnabled(NodeState state, NodeConfig config) => state.IncrementalBackups ?? config.IncrementalBackups;

    /// <summary>
    /// The data directory an SSTable's partitions belong to: with several data directories Cassandra splits the
    /// token ring between them (disk boundaries), so one flush writes one SSTable per directory.
    /// </summary>
    private static int DiskIndexFor(long token, int diskCount)
    {
        var offset = (UInt128)(ulong)(token - long.MinValue);
        return (int)(offset * (UInt128)diskCount >> 64);
    }

    private SSTableDescriptor NewDescriptor(NodeState state, NodeConfig config, TableSchema table, string? index, string dataDirectory)
    {
        var directory = TableDirectory(dataDirectory, table);
        if (index is not null)
        {
            directory = Path.Combine(directory, "." + index);
        }

        SSTableId id;
        if (config.UuidSSTableIdentifiers)
        {
            id = SSTableId.NewUuid();
        }
        else
        {
            var key = LiveKey(table, index);
            if (!state.NextGeneration.TryGetValue(key, out var next))
            {
                // Like ColumnFamilyStore, counting backups/ too: a generation reused there would collide with an old link.
                next = 1 + config.DataDirectories
                    .SelectMany(d => new[] { Path.Combine(TableDirectory(d, table), index is null ? string.Empty : "." + index), BackupsDirectory(d, table, index) })
                    .Where(System.IO.Directory.Exists)
                    .SelectMany(d => System.IO.Directory.EnumerateFiles(d))
                    .Select(f => SSTableDescriptor.TryParse(f, out _))
                    .Where(d => d is not null && !d.Id.Text.Contains('_'))
                    .Select(d => d!.Id.SortKey)
                    .DefaultIfEmpty(0)
                    .Max();
            }

            state.NextGeneration[key] = next + 1;
            id = SSTableId.Sequence(next);
        }

        return new SSTableDescriptor(directory, Format.Version, id, Format.FormatName);
    }

    /// <summary>Writes rows as one SSTable per data directory they fall into; returns the new SSTables.</summary>
    private List<SSTableDescriptor> WriteSSTables(
        NodeState state, NodeConfig config, TableSchema table, string? index, IEnumerable<Row> rows, SSTableStats context, bool linkIntoBackups) =>
        WritePlanned(state, config, table, index, PlanSSTables(state, config, table, index, rows), context, linkIntoBackups);

    /// <summary>Splits rows by data directory, sorts them and allocates each new SSTable's generation.</summary>
    private List<PlannedSSTable> PlanSSTables(NodeState state, NodeConfig config, TableSchema table, string? index, IEnumerable<Row> rows)
    {
        var disks = config.DataDirectories;
        return rows.GroupBy(r => DiskIndexFor(r.Token, disks.Count)).OrderBy(g => g.Key).Select(group =>
        {
            var sorted = group.ToList();
            sorted.Sort(Row.CompareByToken);
            return new PlannedSSTable(NewDescriptor(state, config, table, index, disks[group.Key]), sorted, disks[group.Key]);
        }).ToList();
    }

    private List<SSTableDescriptor> WritePlanned(
        NodeState state,
        NodeConfig config,
        TableSchema table,
        string? index,
        IReadOnlyList<PlannedSSTable> plan,
        SSTableStats context,
        bool linkIntoBackups,
        Action? midway = null)
    {
        foreach (var planned in plan)
        {
            SSTableWriter.Write(planned.Descriptor, Format, table.StorageOptions, planned.Rows, context with { OriginatingHostId = state.HostId }, midway);
            midway = null;
            if (linkIntoBackups && IncrementalBackupsEnabled(state, config))
            {
                LinkInto(planned.Descriptor, BackupsDirectory(planned.DataDirectory, table, index));
            }
        }

        return plan.Select(p => p.Descriptor).ToList();
    }

    private sealed record PlannedSSTable(SSTableDescriptor Descriptor, List<Row> Rows, string DataDirectory);

    private string BackupsDirectory(string dataDirectory, TableSchema table, string? index)
    {
        var backups = Path.Combine(TableDirectory(dataDirectory, table), "backups");
        return index is null ? backups : Path.Combine(backups, "." + index);
    }

    /// <summary>Hard-links every component of an SSTable into a directory (snapshots, backups).</summary>
    internal static void LinkInto(SSTableDescriptor descriptor, string directory, SSTableFileIndex? files = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in files?.FilesOf(descriptor) ?? descriptor.ExistingFiles())
        {
            HardLink.Create(file, Path.Combine(directory, Path.GetFileName(file)));
        }
    }

    internal static void DeleteSSTable(SSTableDescriptor descriptor)
    {
        // TOC first, like Cassandra, so a half-deleted SSTable is never taken for a complete one.
        File.Delete(descriptor.PathOf(Components.Toc));
        foreach (var file in descriptor.ExistingFiles())
        {
            File.Delete(file);
        }
    }

    public static string DescribeKey(TableSchema table, byte[] key) =>
        table.KeyType == "bigint" && key.Length == 8
            ? System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(key).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Encoding.UTF8.GetString(key);
}

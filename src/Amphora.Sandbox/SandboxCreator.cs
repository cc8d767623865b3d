using System.Globalization;
using System.Text;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Lays out a new sandbox cluster on disk and starts its nodes.</summary>
public static class SandboxCreator
{
    public static SandboxCluster Create(string directory, SandboxOptions options)
    {
        Validate(options);
        var root = Path.GetFullPath(directory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new SandboxException($"{root} is not empty; choose a new directory for the sandbox (nothing was changed).");
        }

        var perDatacenter = (int)Math.Ceiling(options.Nodes / (double)options.Datacenters);
        var nodes = Enumerable.Range(0, options.Nodes).Select(i =>
        {
            var dc = (i / perDatacenter) + 1;
            var inDc = i % perDatacenter;
            return new NodeManifest
            {
                Name = $"node{i + 1}",
                Address = $"127.0.0.{i + 1}",
                Datacenter = $"dc{dc}",
                Rack = $"rack{(inDc % 3) + 1}",
            };
        }).ToList();

        var manifest = new ClusterManifest { ClusterName = options.ClusterName, Format = options.Format.Name, Flavour = options.Flavour, Nodes = nodes };
        var schema = new ClusterSchema { Keyspaces = SystemKeyspaces.Create().ToList() };
        var cluster = SandboxCluster.Initialize(root, manifest, schema);
        for (var i = 0; i < nodes.Count; i++)
        {
            WriteNode(cluster, cluster.Nodes[i], options, i);
        }

        foreach (var node in cluster.Nodes)
        {
            node.Start();
        }

        return cluster;
    }

    private static void Validate(SandboxOptions options)
    {
        if (options.Nodes is < 1 or > 254)
        {
            throw new SandboxException("--nodes must be between 1 and 254.");
        }

        if (options.Datacenters < 1 || options.Datacenters > options.Nodes)
        {
            throw new SandboxException("--datacenters must be at least 1 and at most the number of nodes.");
        }

        if (options.DataDirectories is < 1 or > 16)
        {
            throw new SandboxException("--data-dirs must be between 1 and 16.");
        }

        if (NodeConfig.ParseMebibytes(options.CommitLogSegmentSize) < 64 * 1024)
        {
            throw new SandboxException("--commitlog-segment-size must be at least 64KiB.");
        }

        if (options.Flavour == SandboxFlavour.Scylla && NodeConfig.ParseMebibytes(options.CommitLogSegmentSize) % (1 << 20) != 0)
        {
            throw new SandboxException("--commitlog-segment-size must be whole MiB for Scylla nodes (scylla.yaml's commitlog_segment_size_in_mb).");
        }

        if (options.ApiPort is < 1 or > 65535)
        {
            throw new SandboxException("--api-port must be between 1 and 65535.");
        }
    }

    private static void WriteNode(SandboxCluster cluster, SandboxNode node, SandboxOptions options, int index)
    {
        var home = node.Directory;
        foreach (var sub in new[] { "conf", "bin", "logs", ".sandbox" })
        {
            Directory.CreateDirectory(Path.Combine(home, sub));
        }

        var dataDirectories = Enumerable.Range(1, options.DataDirectories).Select(d => Path.Combine(home, "data", $"data{d}")).ToList();
        foreach (var dataDirectory in dataDirectories)
        {
            Directory.CreateDirectory(dataDirectory);
        }

        var configFile = options.Flavour == SandboxFlavour.Scylla ? NodeConfig.ScyllaYamlName : NodeConfig.CassandraYamlName;
        File.WriteAllText(Path.Combine(home, "conf", configFile), NodeYaml(cluster, node, options, dataDirectories));
        File.WriteAllText(Path.Combine(home, "conf", "cassandra-rackdc.properties"), $"dc={node.Manifest.Datacenter}\nrack={node.Manifest.Rack}\n");
        File.WriteAllText(Path.Combine(home, "conf", "commitlog_archiving.properties"), CommitLogArchivingTemplate);

        foreach (var tool in new[] { "nodetool", "cqlsh", "sstableloader" })
        {
            WriteScript(Path.Combine(home, "bin", tool),
                $"# {tool} for Amphora sandbox node {node.Name} (a {options.Flavour} stand-in for demos and tests, not a database).\n" +
                $"exec {options.AmphoraCommand} sandbox {tool} --sandbox '{cluster.Directory}' --node {node.Name} -- \"$@\"\n");
        }

        if (options.Flavour == SandboxFlavour.Scylla)
        {
            WriteScript(node.RestServerScript,
                $"# Scylla's REST API for Amphora sandbox node {node.Name}: started by 'amphora sandbox start', ended by stop.\n" +
                $"exec {options.AmphoraCommand} sandbox rest-server '{cluster.Directory}' --node {node.Name}\n");
        }

        var state = new NodeState { HostId = Guid.NewGuid(), Tokens = Tokens(index, options.Nodes, options.TokensPerNode) };
        node.SaveState(state);
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>Evenly interleaved vnode tokens, like a balanced token allocation.</summary>
    private static List<long> Tokens(int nodeIndex, int nodeCount, int perNode)
    {
        var total = (UInt128)(nodeCount * perNode);
        var step = (UInt128.One << 64) / total;
        return Enumerable.Range(0, perNode)
            .Select(j => (long)((ulong)(((UInt128)((j * nodeCount) + nodeIndex) * step) + (step / 2)) + unchecked((ulong)long.MinValue)))
            .Order()
            .ToList();
    }

    /// <summary>conf/cassandra.yaml, or for Scylla nodes conf/scylla.yaml (Scylla's segment size setting and its REST API's address).</summary>
    private static string NodeYaml(SandboxCluster cluster, SandboxNode node, SandboxOptions options, List<string> dataDirectories)
    {
        var home = node.Directory;
        var scylla = options.Flavour == SandboxFlavour.Scylla;
        var yaml = new StringBuilder();
        var product = scylla ? $"ScyllaDB {SandboxNode.ScyllaVersion}" : $"Apache Cassandra {options.Format.CassandraVersion}";
        yaml.Append(CultureInfo.InvariantCulture, $"# Amphora sandbox node {node.Name}: a stand-in for {product}, for demos and tests.\n");
        yaml.Append(CultureInfo.InvariantCulture, $"cluster_name: '{options.ClusterName}'\n");
        yaml.Append(CultureInfo.InvariantCulture, $"num_tokens: {options.TokensPerNode}\n");
        yaml.Append("allocate_tokens_for_local_replication_factor: 3\n");
        yaml.Append("partitioner: org.apache.cassandra.dht.Murmur3Partitioner\n");
        yaml.Append("data_file_directories:\n");
        foreach (var dataDirectory in dataDirectories)
        {
            yaml.Append("    - ").Append(dataDirectory).Append('\n');
        }

        yaml.Append("commitlog_directory: ").Append(Path.Combine(home, "data", "commitlog")).Append('\n');
        yaml.Append("saved_caches_directory: ").Append(Path.Combine(home, "data", "saved_caches")).Append('\n');
        yaml.Append("hints_directory: ").Append(Path.Combine(home, "data", "hints")).Append('\n');
        yaml.Append("cdc_raw_directory: ").Append(Path.Combine(home, "data", "cdc_raw")).Append('\n');
        yaml.Append("commitlog_sync: periodic\n");
        yaml.Append("commitlog_sync_period: 10000ms\n");
        if (scylla)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"commitlog_segment_size_in_mb: {NodeConfig.ParseMebibytes(options.CommitLogSegmentSize) >> 20}\n");
        }
        else
        {
            yaml.Append("commitlog_segment_size: ").Append(options.CommitLogSegmentSize).Append('\n');
        }

        yaml.Append("seed_provider:\n  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n    parameters:\n");
        yaml.Append("      - seeds: \"").Append(cluster.Manifest.Nodes[0].Address).Append(":7000\"\n");
        yaml.Append("listen_address: ").Append(node.Address).Append('\n');
        yaml.Append("rpc_address: ").Append(node.Address).Append('\n');
        yaml.Append("storage_port: 7000\n");
        yaml.Append("native_transport_port: 9042\n");
        if (scylla)
        {
            yaml.Append("api_address: ").Append(node.Address).Append('\n');
            yaml.Append(CultureInfo.InvariantCulture, $"api_port: {options.ApiPort}\n");
        }

        yaml.Append("endpoint_snitch: GossipingPropertyFileSnitch\n");
        yaml.Append("incremental_backups: ").Append(options.IncrementalBackups ? "true" : "false").Append('\n');
        yaml.Append("snapshot_before_compaction: false\n");
        yaml.Append("auto_snapshot: true\n");
        yaml.Append("uuid_sstable_identifiers_enabled: ").Append(options.Format.UuidIdentifiers ? "true" : "false").Append('\n');
        if (options.Format.IsBti)
        {
            yaml.Append("sstable:\n  selected_format: bti\n");
        }

        return yaml.ToString();
    }

    private const string CommitLogArchivingTemplate =
        "# Commit log archiving, read by Cassandra at start-up (see Cassandra's conf/commitlog_archiving.properties).\n" +
        "archive_command=\n" +
        "restore_command=\n" +
        "restore_directories=\n" +
        "restore_point_in_time=\n" +
        "precision=MICROSECONDS\n";
}

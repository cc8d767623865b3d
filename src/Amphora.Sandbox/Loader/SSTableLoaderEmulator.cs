using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox.Loader;

/// <summary>
/// The sandbox's <c>bin/sstableloader</c>: <c>sstableloader -d HOST[,HOST...] [options] DIR</c> with DIR ending in
/// <c>&lt;keyspace&gt;/&lt;table&gt;</c>. It reads every complete SSTable in DIR and streams each row to the live nodes
/// that replicate its token; each receiving node writes what it got as new SSTables (linked into backups/ when
/// incremental backups are on). The source files are left as they were.
/// </summary>
public sealed class SSTableLoaderEmulator(SandboxCluster cluster)
{
    private const int NativePort = 9042;
    private const int StoragePort = 7000;

    private static readonly HashSet<string> ValueOptions =
    [
        "-u", "--username", "-pw", "--password", "-p", "--port", "-sp", "--storage-port", "-ssp", "--ssl-storage-port",
        "-t", "--throttle", "--throttle-mib", "-idct", "--inter-dc-throttle", "--inter-dc-throttle-mib", "-cph", "--connections-per-host",
        "-f", "--conf-path", "-ap", "--auth-provider", "-prtcl", "--ssl-protocol", "-ts", "--truststore", "-tspw", "--truststore-password",
        "-ks", "--keystore", "-kspw", "--keystore-password", "-st", "--store-type", "-alg", "--ssl-alg", "-ciphers", "--ssl-ciphers",
        "-ek", "--entire-sstable-throttle-mib", "-eidct", "--entire-sstable-inter-dc-throttle-mib", "-tk", "--target-keyspace",
    ];

    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public ToolResult Run(IReadOnlyList<string> args)
    {
        var exitCode = Execute(args);
        return new ToolResult(exitCode, _out.ToString(), _err.ToString());
    }

    private int Execute(IReadOnlyList<string> args)
    {
        var hosts = new List<string>();
        var ignored = new HashSet<string>();
        var positional = new List<string>();
        var progress = true;
        var port = NativePort;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-d" or "--nodes" or "-i" or "--ignore":
                    if (i + 1 >= args.Count)
                    {
                        return UsageError($"Missing argument for option: {arg.TrimStart('-')}");
                    }

                    var list = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(h => h == "localhost" ? "127.0.0.1" : h);
                    if (arg is "-d" or "--nodes")
                    {
                        hosts.AddRange(list);
                    }
                    else
                    {
                        ignored.UnionWith(list);
                    }

                    break;
                case "-v" or "--verbose": break;
                case "--no-progress": progress = false; break;
                case "-h" or "--help":
                    _out.Append(Usage);
                    return 0;
                case "-p" or "--port":
                    if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port))
                    {
                        return UsageError("Invalid native port");
                    }

                    break;
                case var value when ValueOptions.Contains(value):
                    if (i + 1 >= args.Count)
                    {
                        return UsageError($"Missing argument for option: {arg.TrimStart('-')}");
                    }

                    i++;
                    break;
                case var other when other.StartsWith('-') && other.Length > 1:
                    return UsageError($"Unrecognized option: {other}");
                default:
                    positional.Add(arg);
                    break;
            }
        }

        if (positional.Count == 0)
        {
            return UsageError("Missing sstable directory argument");
        }

        if (positional.Count > 1)
        {
            return UsageError("Too many arguments");
        }

        var directory = Path.GetFullPath(positional[0]);
        if (!Directory.Exists(directory))
        {
            return UsageError(File.Exists(directory) ? $"{positional[0]} is not a directory" : $"Unknown directory: {positional[0]}");
        }

        if (hosts.Count == 0)
        {
            return UsageError("Initial hosts must be specified (-d)");
        }

        var trimmed = Path.TrimEndingDirectorySeparator(directory);
        var tableName = Path.GetFileName(trimmed);
        var keyspaceName = Path.GetFileName(Path.GetDirectoryName(trimmed) ?? string.Empty);
        var stopwatch = Stopwatch.StartNew();

        var contact = hosts.Select(cluster.NodeByAddress).FirstOrDefault(n => n is not null && port == NativePort && n.IsRunning);
        if (contact is null)
        {
            var tried = string.Join(", ", hosts.Select(h =>
                $"/{h}:{port} (com.datastax.driver.core.exceptions.TransportException: [/{h}:{port}] Cannot connect)"));
            var message = $"All host(s) tried for query failed (tried: {tried})";
            _err.Append("Error: Could not retrieve endpoint ranges: \n");
            _err.Append("com.datastax.driver.core.exceptions.NoHostAvailableException: ").Append(message).Append('\n');
            _err.Append("java.lang.RuntimeException: Could not retrieve endpoint ranges: \n");
            _err.Append("\tat org.apache.cassandra.tools.BulkLoader.load(BulkLoader.java:94)\n");
            return 1;
        }

        var schema = cluster.LoadSchema();
        var keyspace = schema.FindKeyspace(keyspaceName);
        if (keyspace is null)
        {
            _err.Append("Unknown keyspace ").Append(keyspaceName).Append('\n');
            _err.Append("java.lang.IllegalArgumentException: Unknown keyspace ").Append(keyspaceName).Append('\n');
            _err.Append("\tat org.apache.cassandra.tools.BulkLoader.load(BulkLoader.java:94)\n");
            return 1;
        }

        _out.Append("Established connection to initial hosts\n");
        _out.Append("Opening sstables and calculating sections to stream\n");
        var sources = Directory.EnumerateFiles(directory, "*-" + Components.Data)
            .Select(f => SSTableDescriptor.TryParse(f, out _))
            .OfType<SSTableDescriptor>()
            .Where(d => File.Exists(d.PathOf(Components.Toc)))
            .OrderBy(d => d.DataPath, StringComparer.Ordinal)
            .ToList();
        var table = keyspace.Tables.FirstOrDefault(t => t.Name == tableName);
        if (table is null)
        {
            foreach (var source in sources)
            {
                _out.Append("Skipping file ").Append(Path.GetFileName(source.DataPath)).Append(": table ").Append(keyspaceName).Append('.')
                    .Append(tableName).Append(" doesn't exist\n");
            }

            _err.Append("Unknown table ").Append(keyspaceName).Append('.').Append(tableName).Append(": nothing was streamed\n");
            return 1;
        }

        var placement = new ReplicaPlacement(cluster, keyspace);
        var endpoints = cluster.Nodes.Where(n => !ignored.Contains(n.Address)).ToList();
        var readable = new List<(SSTableDescriptor Source, List<Row> Rows)>();
        foreach (var source in sources)
        {
            try
            {
                readable.Add((source, SSTableReader.ReadRows(source).ToList()));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
            {
                _out.Append("Skipping file ").Append(Path.GetFileName(source.DataPath)).Append(", error opening it: ").Append(e.Message).Append('\n');
            }
        }

        var sent = new Dictionary<SandboxNode, int>();
        var failed = new List<SandboxNode>();
        long bytes = 0;
        if (readable.Count > 0)
        {
            _out.Append("Streaming relevant part of ")
                .Append(string.Concat(readable.Select(r => r.Source.DataPath + " ")))
                .Append(" to [").Append(string.Join(", ", endpoints.Select(n => $"/{n.Address}:{StoragePort}"))).Append("]\n");
            foreach (var (source, rows) in readable)
            {
                var dataLength = new FileInfo(source.DataPath).Length;
                var byNode = rows.SelectMany(r => placement.ReplicasFor(r.Token).Select(m => (Node: m, Row: r)))
                    .GroupBy(p => p.Node.Name)
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Row).ToList());
                foreach (var node in endpoints)
                {
                    if (!byNode.TryGetValue(node.Name, out var nodeRows))
                    {
                        continue;
                    }

                    if (!node.IsRunning)
                    {
                        if (!failed.Contains(node))
                        {
                            failed.Add(node);
                        }

                        continue;
                    }

                    node.ReceiveStream(table, nodeRows);
                    sent[node] = sent.GetValueOrDefault(node) + 1;
                    bytes += dataLength * nodeRows.Count / Math.Max(1, rows.Count);
                }
            }

            if (progress)
            {
                var perHost = endpoints.Where(n => sent.ContainsKey(n))
                    .Select(n => $"[/{n.Address}:{StoragePort}]0:{sent[n]}/{sent[n]} 100% ");
                _out.Append("progress: ").Append(string.Concat(perHost)).Append("total: 100% 0.000KiB/s (avg: ")
                    .Append(Rate(bytes, stopwatch.ElapsedMilliseconds)).Append(")\n");
            }
        }

        var elapsed = Math.Max(1, stopwatch.ElapsedMilliseconds);
        _out.Append('\n').Append("Summary statistics: \n");
        _out.Append(Stat("Connections per host ", "1"));
        _out.Append(Stat("Total files transferred ", sent.Values.Sum().ToString(CultureInfo.InvariantCulture)));
        _out.Append(Stat("Total bytes transferred ", Size(bytes)));
        _out.Append(Stat("Total duration ", $"{elapsed} ms"));
        _out.Append(Stat("Average transfer rate ", Rate(bytes, elapsed)));
        _out.Append(Stat("Peak transfer rate ", Rate(bytes, elapsed)));
        _out.Append('\n');
        if (failed.Count > 0)
        {
            _err.Append("Streaming to the following hosts failed:\n");
            _err.Append('[').Append(string.Join(", ", failed.Select(n => $"/{n.Address}:{StoragePort}"))).Append("]\n");
            _err.Append("java.util.concurrent.ExecutionException: org.apache.cassandra.streaming.StreamException: Stream failed\n");
            return 1;
        }

        return 0;
    }

    private static string Stat(string label, string value) => string.Create(CultureInfo.InvariantCulture, $"   {label,-24}: {value,-10}\n");

    /// <summary>FBUtilities.prettyPrintMemory without a separator: three decimals in KiB, MiB or GiB.</summary>
    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F3}GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F3}MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F3}KiB"),
    };

    private static string Rate(long bytes, long milliseconds) => Size(bytes * 1000 / Math.Max(1, milliseconds)) + "/s";

    private int UsageError(string message)
    {
        _err.Append(message).Append('\n').Append(Usage);
        return 1;
    }

    private const string Usage =
        "usage: sstableloader [options] <dir_path>\n" +
        "--\n" +
        "Bulk load the sstables found in the directory <dir_path> to the configured cluster.The parent directories of <dir_path> are used as the target keyspace/table name. So for instance, to load an sstable named Standard1-g-1-Data.db into Keyspace1/Standard1, you will need to have the files Standard1-g-1-Data.db and Standard1-g-1-Index.db into a directory /path/to/Keyspace1/Standard1/.\n" +
        "--\n" +
        " -d,--nodes <initial hosts>   Required. Try to connect to these hosts (comma separated) initially for ring information\n" +
        " -i,--ignore <NODES>          don't stream to this (comma separated) list of nodes\n" +
        " -u,--username <username>     username for cassandra authentication (ignored by the Amphora sandbox)\n" +
        " -pw,--password <password>    password for cassandra authentication (ignored by the Amphora sandbox)\n" +
        " -t,--throttle <throttle>     throttle speed in Mbits (ignored by the Amphora sandbox)\n" +
        " -v,--verbose                 verbose output\n" +
        " --no-progress                don't display progress\n";
}

using System.Globalization;
using System.Text;
using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.Nodetool;

/// <summary>
/// The sandbox's <c>bin/nodetool</c>: Cassandra 4.1 nodetool's command line, output and failure behaviour
/// (exit 1 with <c>nodetool: ...</c> on stdout for bad use, exit 2 with <c>error: ...</c> on stderr for failures,
/// exit 1 with a connection error when the node is down).
/// </summary>
public sealed partial class NodetoolEmulator(SandboxCluster cluster, SandboxNode localNode)
{
    private const int JmxPort = 7199;

    private static readonly NodetoolOption[] NoOptions = [];

    private static readonly Dictionary<string, NodetoolCommandSpec> Commands = new NodetoolCommandSpec[]
    {
        new("flush", NoOptions),
        new("compact", [new("split-output", false, "-s", "--split-output"), new("user-defined", false, "--user-defined"),
            new("start-token", true, "-st", "--start-token"), new("end-token", true, "-et", "--end-token"), new("partition", true, "--partition")]),
        new("snapshot", [new("table", true, "-cf", "--column-family", "--table"), new("tag", true, "-t", "--tag"),
            new("ktlist", true, "-kt", "--kt-list", "-kc", "--kc.list"), new("skip-flush", false, "-sf", "--skip-flush"), new("ttl", true, "--ttl")]),
        new("listsnapshots", [new("no-ttl", false, "-nt", "--no-ttl"), new("ephemeral", false, "-e", "--ephemeral")]),
        new("clearsnapshot", [new("snapshot_name", true, "-t"), new("clear_all_snapshots", false, "--all")]),
        new("enablebackup", NoOptions),
        new("disablebackup", NoOptions),
        new("statusbackup", NoOptions),
        new("status", [new("resolve-ip", false, "-r", "--resolve-ip")]),
        new("info", [new("tokens", false, "-T", "--tokens")]),
        new("describecluster", NoOptions),
        new("ring", [new("resolve-ip", false, "-r", "--resolve-ip")]),
        new("drain", NoOptions),
        new("import", [new("keep-level", false, "-l", "--keep-level"), new("keep-repaired", false, "-r", "--keep-repaired"),
            new("no-verify", false, "-v", "--no-verify"), new("no-tokens", false, "-t", "--no-tokens"),
            new("no-invalidate-caches", false, "-c", "--no-invalidate-caches"), new("quick", false, "-q", "--quick"),
            new("extended-verify", false, "-e", "--extended-verify"), new("copy-data", false, "-p", "--copy-data")]),
        new("refresh", NoOptions),
        new("version", NoOptions),
        new("help", NoOptions),
    }.ToDictionary(c => c.Name);

    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public ToolResult Run(IReadOnlyList<string> args)
    {
        var exitCode = Execute(args);
        return new ToolResult(exitCode, _out.ToString(), _err.ToString());
    }

    private int Execute(IReadOnlyList<string> args)
    {
        try
        {
            var line = NodetoolCommandLine.Parse(args, Commands);
            if (line.Command is null or "help")
            {
                PrintHelp();
                return 0;
            }

            var node = Connect(line);
            Dispatch(line, node);
            return 0;
        }
        catch (ExitAfterOutputException)
        {
            return 1;
        }
        catch (NodeDownException e)
        {
            _err.Append("nodetool: ").Append(e.Message).Append('\n');
            return 1;
        }
        catch (NodetoolUsageException e)
        {
            _out.Append("nodetool: ").Append(e.Message).Append('\n');
            _out.Append("See 'nodetool help' or 'nodetool help <command>'.\n");
            return 1;
        }
        catch (Exception e) when (e is SandboxException or IOException or InvalidDataException)
        {
            _err.Append("error: ").Append(e.Message).Append('\n');
            _err.Append("-- StackTrace --\n");
            // Guava's getStackTraceAsString starts with the root cause's class; most server-side failures are IOExceptions.
            _err.Append(e is NodetoolErrorException error ? error.JavaClass : "java.io.IOException").Append(": ").Append(e.Message).Append('\n');
            _err.Append("\tat org.apache.cassandra.tools.NodeTool.main(NodeTool.java:92)\n\n");
            return 2;
        }
    }

    /// <summary>Finds the node nodetool talks to: this node unless -h names another node's address; a stopped node refuses.</summary>
    private SandboxNode Connect(NodetoolCommandLine line)
    {
        var host = line.Option("host");
        var port = line.Option("port") ?? JmxPort.ToString(CultureInfo.InvariantCulture);
        var node = host is null or "localhost" ? localNode : cluster.NodeByAddress(host);
        if (node is null || port != JmxPort.ToString(CultureInfo.InvariantCulture) || !node.IsRunning)
        {
            throw new NodeDownException(host ?? localNode.Address, int.TryParse(port, CultureInfo.InvariantCulture, out var p) ? p : JmxPort);
        }

        return node;
    }

    private void Dispatch(NodetoolCommandLine line, SandboxNode node)
    {
        switch (line.Command)
        {
            case "flush": node.Flush(TablesOf(line.Arguments)); break;
            case "compact": Compact(line, node); break;
            case "snapshot": Snapshot(line, node); break;
            case "listsnapshots": ListSnapshots(line, node); break;
            case "clearsnapshot": ClearSnapshot(line, node); break;
            case "enablebackup": node.WithRunningNode((state, _) => state.IncrementalBackups = true); break;
            case "disablebackup": node.WithRunningNode((state, _) => state.IncrementalBackups = false); break;
            case "statusbackup":
                _out.Append(node.WithRunningNode((state, config) => state.IncrementalBackups ?? config.IncrementalBackups) ? "running\n" : "not running\n");
                break;
            case "status": Status(line, node); break;
            case "info": Info(line, node); break;
            case "describecluster": DescribeCluster(node); break;
            case "ring": Ring(line, node); break;
            case "drain": node.Drain(); break;
            case "import": Import(line, node); break;
            case "refresh": Refresh(line, node); break;
            case "version": _out.Append("ReleaseVersion: ").Append(node.Format.CassandraVersion).Append('\n'); break;
            default: throw new NodetoolUsageException($"Found unexpected parameters: [{line.Command}]");
        }
    }

    /// <summary>[keyspace [tables...]] as flush and compact take them; the keyspace is checked client-side (exit 1).</summary>
    private List<TableSchema> TablesOf(List<string> arguments)
    {
        var schema = cluster.LoadSchema();
        if (arguments.Count == 0)
        {
            return schema.AllTables.ToList();
        }

        var keyspace = schema.FindKeyspace(arguments[0]) ?? throw new NodetoolUsageException($"Keyspace [{arguments[0]}] does not exist.");
        if (arguments.Count == 1)
        {
            return keyspace.Tables.ToList();
        }

        return arguments.Skip(1).Select(t => keyspace.Tables.FirstOrDefault(x => x.Name == t)
            ?? throw new NodetoolErrorException($"Unknown keyspace/cf pair ({keyspace.Name}.{t})", NodetoolErrorException.IllegalArgumentException)).ToList();
    }

    private void Compact(NodetoolCommandLine line, SandboxNode node)
    {
        if (line.Flag("user-defined") || line.Option("start-token") is not null || line.Option("end-token") is not null || line.Option("partition") is not null)
        {
            throw new SandboxException("The Amphora sandbox only runs major compactions: nodetool compact [-s] [<keyspace> [<tables>...]].");
        }

        node.Compact(TablesOf(line.Arguments));
    }

    private void PrintHelp()
    {
        _out.Append("usage: nodetool [(-h <host> | --host <host>)] [(-p <port> | --port <port>)]\n");
        _out.Append("        [(-u <username> | --username <username>)] [(-pw <password> | --password <password>)]\n");
        _out.Append("        [(-pwf <passwordFilePath> | --password-file <passwordFilePath>)] [(-pp | --print-port)] <command> [<args>]\n\n");
        _out.Append("The Amphora sandbox's nodetool: a stand-in for Cassandra's, for demos and tests. Commands it knows:\n");
        foreach (var command in Commands.Keys.Order(StringComparer.Ordinal))
        {
            _out.Append("    ").Append(command).Append('\n');
        }
    }

    /// <summary>nodetool's own System.exit(1) after printing its complaint (import's missing table, status's unknown keyspace).</summary>
    private sealed class ExitAfterOutputException : Exception;
}

using Amphora.Sandbox;
using Amphora.Sandbox.Cql;
using Amphora.Sandbox.Loader;
using Amphora.Sandbox.Nodetool;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora sandbox nodetool|cqlsh|sstableloader --sandbox DIR --node NAME -- ARGS</c>: what a sandbox node's
/// bin/nodetool, bin/cqlsh and bin/sstableloader run. The words after <c>--</c> are the tool's own.
/// </summary>
public static class SandboxToolCommand
{
    /// <summary>The tools a sandbox node's bin/ holds, with what runs each of them.</summary>
    private static readonly Dictionary<string, Func<SandboxCluster, SandboxNode, string[], ToolResult>> Tools = new(StringComparer.Ordinal)
    {
        ["nodetool"] = (cluster, node, args) => new NodetoolEmulator(cluster, node).Run(args),
        ["cqlsh"] = (cluster, node, args) => new CqlShell(cluster, node).Run(args, Console.In),
        ["sstableloader"] = (cluster, _, args) => new SSTableLoaderEmulator(cluster).Run(args),
    };

    public static bool IsTool(string name) => Tools.ContainsKey(name);

    public static int Run(string tool, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var separator = Array.IndexOf(args, "--");
        var own = separator < 0 ? args : args[..separator];
        var toolArgs = separator < 0 ? [] : args[(separator + 1)..];
        var sandbox = ValueOf(own, "--sandbox");
        var nodeName = ValueOf(own, "--node");
        if (sandbox is null || nodeName is null)
        {
            Console.Error.WriteLine($"usage: amphora sandbox {tool} --sandbox DIR --node NAME -- {tool.ToUpperInvariant()}_ARGS (run by a sandbox node's bin/{tool})");
            return CliErrors.BadInput;
        }

        try
        {
            var cluster = SandboxCluster.Open(sandbox);
            var result = Tools[tool](cluster, cluster.Node(nodeName), toolArgs);
            Console.Out.Write(result.StandardOutput);
            Console.Error.Write(result.StandardError);
            return result.ExitCode;
        }
        catch (SandboxException e)
        {
            Console.Error.WriteLine($"{tool}: {e.Message}");
            return 1;
        }
    }

    private static string? ValueOf(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

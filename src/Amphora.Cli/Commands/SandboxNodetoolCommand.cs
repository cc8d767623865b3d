using Amphora.Sandbox;
using Amphora.Sandbox.Nodetool;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora sandbox nodetool --sandbox DIR --node NAME -- ARGS</c>: what a sandbox node's bin/nodetool runs.</summary>
public static class SandboxNodetoolCommand
{
    public static int Run(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator < 0 ? args : args[..separator];
        var nodetoolArgs = separator < 0 ? [] : args[(separator + 1)..];
        var sandbox = ValueOf(own, "--sandbox");
        var nodeName = ValueOf(own, "--node");
        if (sandbox is null || nodeName is null)
        {
            Console.Error.WriteLine("usage: amphora sandbox nodetool --sandbox DIR --node NAME -- NODETOOL_ARGS (run by a sandbox node's bin/nodetool)");
            return CliErrors.BadInput;
        }

        try
        {
            var cluster = SandboxCluster.Open(sandbox);
            var result = new NodetoolEmulator(cluster, cluster.Node(nodeName)).Run(nodetoolArgs);
            Console.Out.Write(result.StandardOutput);
            Console.Error.Write(result.StandardError);
            return result.ExitCode;
        }
        catch (SandboxException e)
        {
            Console.Error.WriteLine($"nodetool: {e.Message}");
            return 1;
        }
    }

    private static string? ValueOf(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

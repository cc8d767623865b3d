using Amphora.Sandbox;
using Amphora.Sandbox.Cql;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora sandbox cqlsh --sandbox DIR --node NAME -- ARGS</c>: what a sandbox node's bin/cqlsh runs.</summary>
public static class SandboxCqlshCommand
{
    public static int Run(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator < 0 ? args : args[..separator];
        var cqlshArgs = separator < 0 ? [] : args[(separator + 1)..];
        var sandbox = ValueOf(own, "--sandbox");
        var nodeName = ValueOf(own, "--node");
        if (sandbox is null || nodeName is null)
        {
            Console.Error.WriteLine("usage: amphora sandbox cqlsh --sandbox DIR --node NAME -- CQLSH_ARGS (run by a sandbox node's bin/cqlsh)");
            return CliErrors.BadInput;
        }

        try
        {
            var cluster = SandboxCluster.Open(sandbox);
            var result = new CqlShell(cluster, cluster.Node(nodeName)).Run(cqlshArgs, Console.In);
            Console.Out.Write(result.StandardOutput);
            Console.Error.Write(result.StandardError);
            return result.ExitCode;
        }
        catch (SandboxException e)
        {
            Console.Error.WriteLine($"cqlsh: {e.Message}");
            return 1;
        }
    }

    internal static string? ValueOf(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

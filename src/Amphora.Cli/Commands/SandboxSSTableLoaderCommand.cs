using Amphora.Sandbox;
using Amphora.Sandbox.Loader;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora sandbox sstableloader --sandbox DIR --node NAME -- ARGS</c>: what a sandbox node's bin/sstableloader runs.</summary>
public static class SandboxSSTableLoaderCommand
{
    public static int Run(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator < 0 ? args : args[..separator];
        var loaderArgs = separator < 0 ? [] : args[(separator + 1)..];
        var sandbox = SandboxCqlshCommand.ValueOf(own, "--sandbox");
        var nodeName = SandboxCqlshCommand.ValueOf(own, "--node");
        if (sandbox is null || nodeName is null)
        {
            Console.Error.WriteLine("usage: amphora sandbox sstableloader --sandbox DIR --node NAME -- SSTABLELOADER_ARGS (run by a sandbox node's bin/sstableloader)");
            return CliErrors.BadInput;
        }

        try
        {
            var cluster = SandboxCluster.Open(sandbox);
            _ = cluster.Node(nodeName);
            var result = new SSTableLoaderEmulator(cluster).Run(loaderArgs);
            Console.Out.Write(result.StandardOutput);
            Console.Error.Write(result.StandardError);
            return result.ExitCode;
        }
        catch (SandboxException e)
        {
            Console.Error.WriteLine($"sstableloader: {e.Message}");
            return 1;
        }
    }
}

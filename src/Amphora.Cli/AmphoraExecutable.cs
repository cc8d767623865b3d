namespace Amphora.Cli;

/// <summary>How to start this Amphora build again from a script (a sandbox node's bin/nodetool runs it).</summary>
public static class AmphoraExecutable
{
    public static string CommandLine()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "amphora.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            var process = Environment.ProcessPath;
            host = process is not null && Path.GetFileName(process) == "dotnet" ? process : "dotnet";
        }

        return $"'{host}' '{dll}'";
    }
}

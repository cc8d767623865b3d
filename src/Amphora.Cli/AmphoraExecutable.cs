namespace Amphora.Cli;

/// <summary>How to start this Amphora build again from a script (a sandbox node's bin/nodetool runs it) or from Cassandra.</summary>
public static class AmphoraExecutable
{
    public static string CommandLine() => $"'{DotnetHost()}' '{Dll}'";

    /// <summary>
    /// The words that run this build, unquoted (Cassandra's archive_command knows no quotes): the native launcher when this
    /// process is one, else the dotnet host and amphora.dll.
    /// </summary>
    public static IReadOnlyList<string> Words()
    {
        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileName(process) == "amphora" ? [process] : [DotnetHost(), Dll];
    }

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "amphora.dll");

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            var process = Environment.ProcessPath;
            host = process is not null && Path.GetFileName(process) == "dotnet" ? process : "dotnet";
        }

        return host;
    }
}

namespace Amphora.Nodes;

/// <summary>nodetool failed: the node is down, refused the request, or the command line is wrong.</summary>
public sealed class NodetoolException(string command, int exitCode, string output)
    : Exception(exitCode < 0 ? $"'{command}' could not run: {output.Trim()}" : $"'{command}' failed with exit code {exitCode}: {output.Trim()}")
{
    public int ExitCode { get; } = exitCode;

    public string Output { get; } = output;
}

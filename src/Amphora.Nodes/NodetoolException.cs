namespace Amphora.Nodes;

/// <summary>
/// The node refused or could not be reached: nodetool failed (the node is down, refused the request, or the command line
/// is wrong), or, through <see cref="Scylla.ScyllaApiException"/>, Scylla's REST API answered an error.
/// </summary>
public class NodetoolException : Exception
{
    public NodetoolException(string command, int exitCode, string output)
        : this(exitCode, output, exitCode < 0 ? $"'{command}' could not run: {output.Trim()}" : $"'{command}' failed with exit code {exitCode}: {output.Trim()}")
    {
    }

    /// <summary>For node adapters that are not nodetool: their own message, a code (negative: the node could not be reached) and what the node said.</summary>
    protected NodetoolException(int exitCode, string output, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Output = output;
    }

    public int ExitCode { get; }

    public string Output { get; }
}

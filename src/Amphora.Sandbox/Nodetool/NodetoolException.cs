namespace Amphora.Sandbox.Nodetool;

/// <summary>
/// A failure nodetool reports as bad use: <c>nodetool: message</c> and the help hint on stdout, exit 1
/// (parse errors, IllegalArgumentException and IllegalStateException in real nodetool).
/// </summary>
public sealed class NodetoolUsageException(string message) : Exception(message);

/// <summary>
/// A failure nodetool reports on stderr with exit 2 whose root cause is not an IOException: the stack trace's first
/// line names the root cause's class (e.g. <c>java.lang.RuntimeException: Specify snapshot name or --all</c>).
/// </summary>
public sealed class NodetoolErrorException(string message, string javaClass) : SandboxException(message)
{
    public const string RuntimeException = "java.lang.RuntimeException";

    public const string IllegalArgumentException = "java.lang.IllegalArgumentException";

    public string JavaClass { get; } = javaClass;
}

namespace Amphora.Core.Restore.Schema;

/// <summary>
/// The schema apply command (cqlsh) ran and failed. An <see cref="IOException"/>, so the CLI reports it as a failure of the
/// node (exit 2), with the command line and what it printed.
/// </summary>
public sealed class SchemaCommandException : IOException
{
    public SchemaCommandException(SchemaCommandResult result)
        : base($"'{result?.CommandLine}' exited {result?.ExitCode}: {Shorten(result?.Output)}")
    {
        Result = result!;
    }

    public SchemaCommandException()
    {
        Result = new SchemaCommandResult(string.Empty, -1, string.Empty);
    }

    public SchemaCommandException(string message)
        : base(message)
    {
        Result = new SchemaCommandResult(string.Empty, -1, string.Empty);
    }

    public SchemaCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Result = new SchemaCommandResult(string.Empty, -1, string.Empty);
    }

    public SchemaCommandResult Result { get; }

    /// <summary>The output on the message's one line: the last 2,000 characters, where cqlsh puts its error.</summary>
    private static string Shorten(string? output)
    {
        var text = (output ?? string.Empty).Trim().ReplaceLineEndings(" | ");
        return text.Length == 0 ? "(no output)" : text.Length > 2000 ? "..." + text[^2000..] : text;
    }
}

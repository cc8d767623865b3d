namespace Amphora.Core.Restore.Schema;

/// <summary>What the apply command did: its command line (passwords masked), exit code, and stdout and stderr as they came.</summary>
public sealed record SchemaCommandResult(string CommandLine, int ExitCode, string Output);

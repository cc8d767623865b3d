namespace Amphora.Core.Backup;

/// <summary>A backup stopped part way: nothing was marked complete; the message says why and what became of the local snapshot.</summary>
public sealed class BackupFailedException(string message, Exception cause) : Exception(message, cause);

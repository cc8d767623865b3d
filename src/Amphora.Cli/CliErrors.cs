using Amphora.Core.Backup;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Sandbox;
using Amphora.Storage;

namespace Amphora.Cli;

/// <summary>Exit codes and how failures reach the user: one line on stderr saying what is wrong and what to do.</summary>
public static class CliErrors
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Failure = 2;

    /// <summary>A check (verify, sstable verify, backups check) ran to the end and found problems.</summary>
    public const int ProblemsFound = 3;

    public static Task<int> Guard(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Guard(async () =>
        {
            await action().ConfigureAwait(false);
            return Success;
        });
    }

    /// <summary>Runs an action that chooses its own exit code (a check reports <see cref="ProblemsFound"/>).</summary>
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            await Console.Error.WriteLineAsync($"amphora: {e.Message}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>Bad input (1) is the operator's to fix; failure (2) is the node's or the location's; anything else is a bug.</summary>
    private static int? ExitCodeOf(Exception e) => e switch
    {
        BackupFailedException failed => ExitCodeOf(failed.InnerException!) ?? Failure,
        SandboxException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
            or InvalidDataException or UnauthorizedAccessException => BadInput,
        NodetoolException or StorageException or RepositoryLockedException or IOException => Failure,
        _ => null,
    };
}

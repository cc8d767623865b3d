using Amphora.Nodes;
using Amphora.Sandbox;

namespace Amphora.Cli;

/// <summary>Exit codes and how failures reach the user: one line on stderr saying what is wrong and what to do.</summary>
public static class CliErrors
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Failure = 2;

    public static async Task<int> Guard(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return Success;
        }
        catch (Exception e) when (e is SandboxException or ArgumentException or FileNotFoundException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"amphora: {e.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (NodetoolException e)
        {
            await Console.Error.WriteLineAsync($"amphora: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;

namespace Amphora.Nodes;

/// <summary>
/// Runs a program without a shell (nodetool, sstableloader, cqlsh), collecting what it prints. Cancelling kills its process
/// tree, so a stopped restore leaves no loader streaming behind it.
/// </summary>
public static class ExternalCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Both streams, for messages: tools print their errors to either.</summary>
        public string Output => (StandardError + StandardOutput).Trim();
    }

    /// <summary>Runs words[0] with the other words as arguments; a program that cannot start throws <see cref="Win32Exception"/>.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"could not start {words[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Amphora.Nodes;

/// <summary>
/// Runs a program without a shell (nodetool, sstableloader, cqlsh), collecting what it prints. Its standard input is
/// closed, so a program that would prompt (cqlsh without -f, nodetool asking for a password) ends instead of waiting
/// forever. Cancelling kills its process tree, so a stopped restore leaves no loader streaming behind it.
/// </summary>
public static class ExternalCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Both streams, for messages: tools print their errors to either.</summary>
        public string Output => (StandardError + StandardOutput).Trim();
    }

    /// <summary>
    /// Runs words[0] with the other words as arguments; a program that cannot start throws <see cref="Win32Exception"/>.
    /// With <paramref name="maxOutputChars"/>, each stream keeps at most that much (the rest is read and dropped), so a
    /// runaway program cannot fill memory.
    /// </summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken, int maxOutputChars = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(words);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"could not start {words[0]}");
        process.StandardInput.Close();
        var stdout = ReadAsync(process.StandardOutput, maxOutputChars, cancellationToken);
        var stderr = ReadAsync(process.StandardError, maxOutputChars, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task<string> ReadAsync(StreamReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            text.Append(buffer, 0, Math.Min(read, maxChars - text.Length));
        }

        return text.ToString();
    }
}

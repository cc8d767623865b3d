namespace Amphora.Bench;

/// <summary>One finished process: its wall time, exit code, standard output and error, and peak resident memory.</summary>
public sealed record MeasuredRun(string CommandLine, int ExitCode, TimeSpan Elapsed, long PeakRssBytes, string Output, string Errors)
{
    public double Seconds => Elapsed.TotalSeconds;

    /// <summary>Fails the benchmark with the command's output when it did not succeed.</summary>
    public MeasuredRun EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"'{CommandLine}' exited with {ExitCode}:\n{Output}\n{Errors}");
        }

        return this;
    }
}

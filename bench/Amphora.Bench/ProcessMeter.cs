using System.Diagnostics;
using System.Globalization;

namespace Amphora.Bench;

/// <summary>
/// Runs a command as a real process and measures it: wall time from start to exit, and peak RSS read from the process's own
/// <c>/proc/PID/status</c> VmHWM (a high-water mark the kernel keeps), polled until it exits. Children of the process are
/// not counted, so a nodetool the command runs does not inflate its figure.
/// </summary>
public static class ProcessMeter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<MeasuredRun> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        var commandLine = string.Join(' ', new[] { fileName }.Concat(start.ArgumentList));
        var output = new System.Text.StringBuilder();
        var errors = new System.Text.StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            await Task.WhenAny(exited, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
        }

        await exited.ConfigureAwait(false);
        clock.Stop();
        process.WaitForExit(); // drains the redirected output
        return new MeasuredRun(commandLine, process.ExitCode, clock.Elapsed, peak, Text(output), Text(errors));
    }

    /// <summary>Runs a shell command line (for cp, sync and rclone, exactly as an operator would type them).</summary>
    public static Task<MeasuredRun> ShellAsync(string commandLine, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null) =>
        RunAsync("/bin/bash", ["-c", commandLine], cancellationToken, environment);

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(System.Text.StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    // "VmHWM:    123456 kB"
                    var kib = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process has just exited; its last reading stands.
        }

        return 0;
    }
}

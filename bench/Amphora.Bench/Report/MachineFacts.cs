namespace Amphora.Bench.Report;

/// <summary>What the figures depend on: CPU, cores, memory, kernel, the work directory's filesystem, tool versions.</summary>
public static class MachineFacts
{
    public static async Task<IReadOnlyList<string>> CollectAsync(string workDirectory, string? rcloneVersion, bool coldCache, CancellationToken cancellationToken)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var shaNi = File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(" sha_ni", StringComparison.Ordinal));
        return
        [
            $"CPU: {cpu}, {Environment.ProcessorCount} cores{(shaNi ? ", SHA-NI" : string.Empty)}; memory {memory}",
            $"kernel {await OutputAsync("uname -r", cancellationToken).ConfigureAwait(false)}; work directory on " +
                await OutputAsync($"df --output=fstype,source {Tools.ShellWords.Quote(workDirectory)} | tail -1", cancellationToken).ConfigureAwait(false),
            $".NET {Environment.Version}; {rcloneVersion ?? "rclone not installed"}",
            coldCache ? "page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before every timed copy" : "page cache could not be dropped: every timed copy read a warm cache",
        ];
    }

    private static async Task<string> OutputAsync(string command, CancellationToken cancellationToken) =>
        (await ProcessMeter.ShellAsync(command, cancellationToken).ConfigureAwait(false)).Output.Trim();
}

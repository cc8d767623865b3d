namespace Amphora.Bench.Tools;

/// <summary>
/// rclone as Scylla Manager's agent uses it: <c>rclone copy</c> with its default 4 transfers and 8 checkers. The S3 remote
/// <c>benchs3:</c> is configured through environment variables; AWS_CA_BUNDLE is unset because rclone 1.60 fails with it
/// against a plain-http endpoint.
/// </summary>
public sealed class Rclone
{
    private Rclone(string version) => Version = version;

    public string Version { get; }

    public const string S3Remote = "benchs3";

    /// <summary>The installed rclone, or null (the report then has no rclone column).</summary>
    public static async Task<Rclone?> FindAsync(CancellationToken cancellationToken)
    {
        var run = await ProcessMeter.ShellAsync("rclone version 2>/dev/null | head -1", cancellationToken).ConfigureAwait(false);
        return run.ExitCode == 0 && run.Output.StartsWith("rclone", StringComparison.Ordinal) ? new Rclone(run.Output.Trim()) : null;
    }

    /// <summary>Copies the listed files (paths relative to <paramref name="root"/>) to the destination, then syncs.</summary>
    public Task<MeasuredRun> CopyFilesAsync(string root, string fileList, string destination, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken) =>
        ProcessMeter.ShellAsync(
            $"rclone copy {ShellWords.Quote(root)} {ShellWords.Quote(destination)} --files-from {ShellWords.Quote(fileList)} --no-traverse --transfers 4 --checkers 8 && sync",
            cancellationToken, environment);

    /// <summary>
    /// Copies a whole tree, then syncs, and fails unless <paramref name="expectedBytes"/> arrived. --fast-list lists the
    /// source recursively: s3rver does not see keys two levels below a prefix when listed with a delimiter.
    /// </summary>
    public async Task<MeasuredRun> CopyTreeAsync(string source, string destination, long expectedBytes, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        var run = (await ProcessMeter.ShellAsync(
            $"rclone copy {ShellWords.Quote(source)} {ShellWords.Quote(destination)} --fast-list --transfers 4 --checkers 8 && sync", cancellationToken, environment)
            .ConfigureAwait(false)).EnsureSuccess();
        var copied = Directory.Exists(destination) ? new DirectoryInfo(destination).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
        return copied == expectedBytes ? run : throw new InvalidOperationException($"'{run.CommandLine}' copied {copied} bytes, not {expectedBytes}:\n{run.Errors}");
    }

    public static IReadOnlyDictionary<string, string?> S3Environment(string endpoint) => new Dictionary<string, string?>
    {
        ["AWS_CA_BUNDLE"] = null,
        ["RCLONE_CONFIG_BENCHS3_TYPE"] = "s3",
        ["RCLONE_CONFIG_BENCHS3_PROVIDER"] = "Other",
        ["RCLONE_CONFIG_BENCHS3_ENDPOINT"] = endpoint,
        ["RCLONE_CONFIG_BENCHS3_ACCESS_KEY_ID"] = "S3RVER",
        ["RCLONE_CONFIG_BENCHS3_SECRET_ACCESS_KEY"] = "S3RVER",
        ["RCLONE_CONFIG_BENCHS3_REGION"] = "us-east-1",
        ["RCLONE_CONFIG_BENCHS3_FORCE_PATH_STYLE"] = "true",
    };
}

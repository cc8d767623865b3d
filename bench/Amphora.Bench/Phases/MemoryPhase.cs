using Amphora.Bench.Node;
using Amphora.Bench.Report;

namespace Amphora.Bench.Phases;

/// <summary>
/// Benchmark 6: the peak RSS of a first full backup of nodes of the same shape and file count at each size, so the only
/// thing that grows is the data.
/// </summary>
public static class MemoryPhase
{
    private const long Limit = 250L << 20;
    private const double FlatGrowth = 1.2;

    public static async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peaks = new List<long>();
        foreach (var bytes in context.Options.MemoryNodeBytes)
        {
            var name = $"memory-{bytes >> 20}MiB";
            BenchContext.Stage($"6. Peak memory of a first full backup of {Units.Size(bytes)} ({context.Options.NodeFiles} files)");
            var node = await BenchNode.CreateAsync(context.Cli, context.PathIn(name), NodeShape.For(bytes, context.Options.NodeFiles), cancellationToken).ConfigureAwait(false);
            var run = await context.Cli.RunAsync(
                ["backup", .. node.NodeArguments, "--location", "file:" + context.PathIn(name + "-location"), "--cache-dir", context.PathIn(name + "-cache"), "--output", "json"],
                cancellationToken).ConfigureAwait(false);
            var backup = BackupFigures.Of(run);
            peaks.Add(run.PeakRssBytes);
            context.Add(new ResultRow("6", $"peak RSS, first backup of {Units.Size(backup.Bytes)} ({backup.Files} files)", Units.Size(run.PeakRssBytes),
                Units.Rate(backup.Bytes, run.Seconds), string.Empty, "< 250 MiB", run.PeakRssBytes < Limit));
            LocalDiskPhases.DeleteIfPresent(context.PathIn(name));
            LocalDiskPhases.DeleteIfPresent(context.PathIn(name + "-location"));
        }

        if (peaks.Count > 1)
        {
            var growth = peaks[^1] / (double)peaks[0];
            context.Add(new ResultRow("6", $"peak RSS growth, {Units.Size(context.Options.MemoryNodeBytes[0])} to {Units.Size(context.Options.MemoryNodeBytes[^1])}",
                Units.Ratio(growth), string.Empty, string.Empty, $"flat (<= {FlatGrowth}x)", growth <= FlatGrowth));
        }

        var command = context.PeakRssRun is { } highest ? $" ({Described(highest)})" : string.Empty;
        context.Add(new ResultRow("6", $"highest peak RSS of any amphora command in benchmarks 1-5{command}", Units.Size(context.PeakRss), string.Empty, string.Empty, "< 250 MiB", context.PeakRss is > 0 and < Limit));
    }

    /// <summary>"amphora backup, s3 location": the subcommand and the kind of location of a measured amphora run.</summary>
    private static string Described(MeasuredRun run)
    {
        var words = run.CommandLine.Split(' ');
        var subcommand = words.SkipWhile(w => !w.EndsWith("amphora.dll", StringComparison.Ordinal)).Skip(1).FirstOrDefault() ?? "?";
        var location = words.SkipWhile(w => w != "--location").Skip(1).FirstOrDefault()?.Split(':')[0];
        return location is null ? $"amphora {subcommand}" : $"amphora {subcommand}, {location} location";
    }
}

using System.CommandLine;
using System.Diagnostics;
using Amphora.Bench.Phases;
using Amphora.Bench.Report;
using Amphora.Bench.Tools;

namespace Amphora.Bench;

/// <summary>
/// <c>amphora-bench</c>: Amphora against the disk's limit (cp -r) and the tools operators use instead (rclone), on a
/// generated node of realistic shape, as real processes. Prints a table and appends it to docs/benchmarks.md. Run it
/// through scripts/bench.sh, which installs rclone and starts the S3-compatible server.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var amphora = new Option<string>("--amphora") { Description = "The built amphora.dll.", Required = true };
        var work = new Option<string?>("--dir") { Description = "Work directory (default: a new one under the temp directory); deleted at the end unless --keep." };
        var keep = new Option<bool>("--keep") { Description = "Keep the work directory." };
        var size = new Option<string>("--size") { Description = "Data on the node of benchmarks 1-5.", DefaultValueFactory = _ => "2GiB" };
        var files = new Option<int>("--files") { Description = "Files in each generated node's snapshot.", DefaultValueFactory = _ => 10_000 };
        var memorySizes = new Option<string>("--memory-sizes") { Description = "Node sizes of benchmark 6, comma-separated; empty skips it.", DefaultValueFactory = _ => "1GiB,8GiB" };
        var catalog = new Option<string>("--catalog") { Description = "Benchmark 7: BACKUPS,NODES,PURGED; empty skips it.", DefaultValueFactory = _ => "1000,10,100" };
        var s3 = new Option<string?>("--s3-endpoint") { Description = "S3-compatible server of benchmark 5 (default: $AMPHORA_TEST_S3_ENDPOINT); empty or none skips it." };
        var bucket = new Option<string>("--s3-bucket") { Description = "Its bucket.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AMPHORA_TEST_S3_BUCKET") ?? "amphora-test" };
        var report = new Option<string?>("--report") { Description = "Markdown file the results are appended to." };
        var root = new RootCommand("Amphora's benchmarks: backup, re-backup, restore, S3, memory and catalog, against cp -r and rclone.")
        {
            amphora, work, keep, size, files, memorySizes, catalog, s3, bucket, report,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(work) ?? Path.Combine(Path.GetTempPath(), $"amphora-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            Directory.CreateDirectory(directory);
            var catalogFigures = (parse.GetValue(catalog) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            var options = new BenchOptions
            {
                WorkDirectory = Path.GetFullPath(directory),
                AmphoraDll = Path.GetFullPath(parse.GetValue(amphora)!),
                NodeBytes = Units.ParseSize(parse.GetValue(size)!),
                NodeFiles = parse.GetValue(files),
                MemoryNodeBytes = [.. (parse.GetValue(memorySizes) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Units.ParseSize)],
                CatalogBackups = catalogFigures.Length == 3 ? catalogFigures[0] : 0,
                CatalogNodes = catalogFigures.Length == 3 ? catalogFigures[1] : 0,
                CatalogPurged = catalogFigures.Length == 3 ? catalogFigures[2] : 0,
                S3Endpoint = NullIfEmpty(parse.GetValue(s3) ?? Environment.GetEnvironmentVariable("AMPHORA_TEST_S3_ENDPOINT")),
                S3Bucket = parse.GetValue(bucket)!,
                ReportFile = parse.GetValue(report),
                CommandLine = Environment.GetEnvironmentVariable("AMPHORA_BENCH_COMMAND") ?? "amphora-bench " + string.Join(' ', args),
            };
            try
            {
                return await RunAsync(options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!parse.GetValue(keep))
                {
                    LocalDiskPhases.DeleteIfPresent(options.WorkDirectory);
                }
            }
        });
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rclone = await Rclone.FindAsync(cancellationToken).ConfigureAwait(false);
        var context = new BenchContext(options, new AmphoraCli(options.AmphoraDll, new Dictionary<string, string?>()), rclone);
        Console.WriteLine($"Work directory {options.WorkDirectory}; {rclone?.Version ?? "rclone not installed: no rclone columns"}");

        await HashPhase.RunAsync(context, cancellationToken).ConfigureAwait(false);
        var node = await LocalDiskPhases.RunAsync(context, cancellationToken).ConfigureAwait(false);
        await ObjectStorePhase.RunAsync(context, node, cancellationToken).ConfigureAwait(false);
        LocalDiskPhases.DeleteIfPresent(node.ClusterDirectory);
        LocalDiskPhases.DeleteIfPresent(context.PathIn("location"));
        await MemoryPhase.RunAsync(context, cancellationToken).ConfigureAwait(false);
        if (options.CatalogBackups > 0)
        {
            await CatalogPhase.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var facts = await MachineFacts.CollectAsync(options.WorkDirectory, rclone?.Version, context.ColdCache, cancellationToken).ConfigureAwait(false);
        Console.WriteLine();
        Console.Write(ResultTable.Text(context.Rows));
        foreach (var fact in facts)
        {
            Console.WriteLine(fact);
        }

        if (options.ReportFile is { } path)
        {
            await BenchmarkLog.AppendAsync(path, options.CommandLine, facts, context.Rows, clock.Elapsed, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Appended to {path}");
        }

        var missed = context.Rows.Count(r => r.Met == false);
        Console.WriteLine(missed == 0 ? "Every target met." : $"{missed} target(s) missed.");
        return 0;
    }
}

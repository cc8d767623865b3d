using Amphora.Bench.Report;
using Amphora.Bench.Tools;

namespace Amphora.Bench.Phases;

/// <summary>What the phases share: the options, the CLI, rclone if installed, and the rows found so far.</summary>
public sealed class BenchContext(BenchOptions options, AmphoraCli cli, Rclone? rclone)
{
    private readonly List<ResultRow> _rows = [];

    public BenchOptions Options { get; } = options;

    public AmphoraCli Cli { get; } = cli;

    public Rclone? Rclone { get; } = rclone;

    /// <summary>Whether timed copies started with a cold page cache (false where dropping it was refused).</summary>
    public bool ColdCache { get; private set; } = true;

    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>The highest peak RSS of any amphora command so far.</summary>
    public long PeakRss => PeakRssRun?.PeakRssBytes ?? 0;

    /// <summary>The amphora command that reached <see cref="PeakRss"/>.</summary>
    public MeasuredRun? PeakRssRun { get; private set; }

    public void NotePeakRss(params MeasuredRun[] runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var highest = runs.MaxBy(r => r.PeakRssBytes);
        if (highest is not null && highest.PeakRssBytes > PeakRss)
        {
            PeakRssRun = highest;
        }
    }

    public string PathIn(string name) => Path.Combine(Options.WorkDirectory, name);

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Id} {row.Measurement}: {row.Amphora}" + (row.Baseline.Length > 0 ? $" vs {row.Baseline} = {row.Ratio}" : string.Empty) +
            (row.Target.Length > 0 ? $" (target {row.Target}: {row.Verdict})" : string.Empty));
    }

    public async Task ColdStartAsync(CancellationToken cancellationToken) =>
        ColdCache &= await DiskCache.DropAsync(cancellationToken).ConfigureAwait(false);

    public static void Stage(string text) => Console.WriteLine($"== {text}");
}

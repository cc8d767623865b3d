using System.Text;

namespace Amphora.Bench.Report;

/// <summary>The rows, as an aligned table for the terminal and as a Markdown table for docs/benchmarks.md.</summary>
public static class ResultTable
{
    private static readonly string[] Headers = ["#", "measurement", "Amphora", "baseline", "ratio", "target", ""];

    public static string Text(IReadOnlyList<ResultRow> rows)
    {
        var cells = Cells(rows);
        var widths = Enumerable.Range(0, Headers.Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<ResultRow> rows)
    {
        var cells = Cells(rows);
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", cells[0]) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", Headers.Length)));
        foreach (var row in cells.Skip(1))
        {
            text.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        return text.ToString();
    }

    private static List<string[]> Cells(IReadOnlyList<ResultRow> rows) =>
        [Headers, .. rows.Select(r => new[] { r.Id, r.Measurement, r.Amphora, r.Baseline, r.Ratio, r.Target, r.Verdict })];
}

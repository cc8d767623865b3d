using System.Globalization;
using System.Text;

namespace Amphora.Bench.Report;

/// <summary>Appends one run to docs/benchmarks.md: when, the exact command, the machine, and the table.</summary>
public static class BenchmarkLog
{
    public static async Task AppendAsync(string path, string commandLine, IReadOnlyList<string> facts, IReadOnlyList<ResultRow> rows, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({elapsed.TotalMinutes:0.0} min)");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(commandLine);
        text.AppendLine("```");
        text.AppendLine();
        foreach (var fact in facts)
        {
            text.AppendLine("- " + fact);
        }

        text.AppendLine();
        text.Append(ResultTable.Markdown(rows));
        text.AppendLine();
        await File.AppendAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
    }
}

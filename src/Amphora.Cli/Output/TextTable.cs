using System.Text;

namespace Amphora.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces, header first.</summary>
public sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    public void Add(params string[] row) => _rows.Add(row);

    public override string ToString()
    {
        var widths = Enumerable.Range(0, _rows[0].Length).Select(c => _rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }
}

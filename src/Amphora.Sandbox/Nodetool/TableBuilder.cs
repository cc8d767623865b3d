using System.Text;

namespace Amphora.Sandbox.Nodetool;

/// <summary>nodetool's TableBuilder: every column, the last included, left-aligned and padded to its widest cell.</summary>
public sealed class TableBuilder(string delimiter = " ")
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] row) => _rows.Add(row);

    public int[] Widths() => Enumerable.Range(0, _rows.Max(r => r.Length)).Select(i => _rows.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();

    /// <summary>Prints with the given widths (status shares widths across datacenters).</summary>
    public void PrintTo(StringBuilder output, int[]? widths = null)
    {
        widths ??= Widths();
        foreach (var row in _rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                output.Append((i < row.Length ? row[i] : string.Empty).PadRight(widths[i]));
                if (i < widths.Length - 1)
                {
                    output.Append(delimiter);
                }
            }

            output.Append('\n');
        }
    }
}

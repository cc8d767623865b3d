namespace Amphora.Nodes;

/// <summary>One row of <c>nodetool listsnapshots</c>: a snapshot of one table, sizes as nodetool prints them.</summary>
public sealed record SnapshotListing(string Tag, string Keyspace, string Table, string TrueSize, string SizeOnDisk, string CreatedAt)
{
    /// <summary>Parses nodetool's table by the header's column positions (values never contain the delimiter's run).</summary>
    public static IReadOnlyList<SnapshotListing> Parse(string output)
    {
        var lines = output.Split('\n');
        var headerIndex = Array.FindIndex(lines, l => l.StartsWith("Snapshot name", StringComparison.Ordinal));
        if (headerIndex < 0)
        {
            return [];
        }

        var header = lines[headerIndex];
        string[] columns = ["Snapshot name", "Keyspace name", "Column family name", "True size", "Size on disk", "Creation time", "Expiration time"];
        var starts = columns.Select(c => header.IndexOf(c, StringComparison.Ordinal)).ToArray();
        string Cell(string line, int column)
        {
            var start = starts[column];
            var end = column + 1 < starts.Length && starts[column + 1] > 0 ? starts[column + 1] : line.Length;
            return start >= line.Length ? string.Empty : line[start..Math.Min(end, line.Length)].Trim();
        }

        return lines.Skip(headerIndex + 1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => new SnapshotListing(Cell(l, 0), Cell(l, 1), Cell(l, 2), Cell(l, 3), Cell(l, 4), Cell(l, 5)))
            .ToList();
    }
}

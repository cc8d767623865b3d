using System.Globalization;

namespace Amphora.Core.SSTables;

/// <summary>
/// Orders a table's SSTable ids by when the node made them: sequence numbers count up, UUID ids (4.1+) sort by their
/// time, and a node that switched to UUID ids made every UUID id after every sequence number. A compaction's output
/// always gets a newer id than its inputs, so an SSTable newer than everything in a snapshot was written after it.
/// </summary>
public sealed class SSTableGeneration : IComparer<string>
{
    public static readonly SSTableGeneration Comparer = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xUuid = x.Contains('_', StringComparison.Ordinal);
        var yUuid = y.Contains('_', StringComparison.Ordinal);
        if (xUuid != yUuid)
        {
            return xUuid ? 1 : -1;
        }

        if (!xUuid)
        {
            return long.Parse(x, NumberStyles.None, CultureInfo.InvariantCulture).CompareTo(long.Parse(y, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        var byTime = Nullable.Compare(TimeOf(x), TimeOf(y));
        return byTime != 0 ? byTime : string.CompareOrdinal(x.ToUpperInvariant(), y.ToUpperInvariant());
    }

    private static DateTimeOffset? TimeOf(string id) =>
        SSTableFileName.TryParse($"nb-{id}-big-Data.db", out var name) ? name.IdTimestamp : null;
}

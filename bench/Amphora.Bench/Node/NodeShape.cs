namespace Amphora.Bench.Node;

/// <summary>
/// The shape of a generated node, as production nodes look: one size-tiered table holding half the data in a few SSTables
/// from 1/64 to 1/4 of the node (the GiB files), one levelled table in 16 MiB SSTables, a table of ~10% of the data that the
/// benchmark compacts, and a compressed table of many small SSTables (the thousands of KiB files).
/// </summary>
public static class NodeShape
{
    public const string Keyspace = "bench";
    public const string CompactedTable = "sessions";
    private const long LevelledSSTableSize = 16L << 20;
    private const int ComponentsPerSSTable = 8;

    public static IReadOnlyList<TableShape> For(long bytes, int targetFiles)
    {
        var events = bytes / 2;
        var tiers = new List<long> { events / 2, events / 4, events / 8, events / 16, events / 32 };
        var rest = events - tiers.Sum();
        tiers.AddRange([rest / 3, rest / 3, rest - (2 * (rest / 3))]);

        var users = bytes / 4;
        var levelled = Enumerable.Repeat(LevelledSSTableSize, (int)Math.Max(1, users / LevelledSSTableSize)).ToList();

        var sessions = bytes / 10;
        var sessionTiers = Enumerable.Repeat(sessions / 8, 8).ToList();

        var metrics = bytes - events - users - sessions;
        var others = tiers.Count + levelled.Count + sessionTiers.Count;
        var smallCount = Math.Max(1, (targetFiles / ComponentsPerSSTable) - others);
        var random = new Random(9);
        var mean = metrics / smallCount;
        var small = Enumerable.Range(0, smallCount).Select(_ => Math.Max(4096, (long)(mean * (0.25 + (1.5 * random.NextDouble()))))).ToList();

        return
        [
            new TableShape("events", Compressed: false, ValueSize: 64 << 10, tiers),
            new TableShape("users", Compressed: false, ValueSize: 4 << 10, levelled),
            new TableShape(CompactedTable, Compressed: false, ValueSize: 16 << 10, sessionTiers),
            new TableShape("metrics", Compressed: true, ValueSize: 512, small),
        ];
    }
}

namespace Amphora.Bench.Node;

/// <summary>One generated table: its name, how it is stored, and the sizes of its SSTables' Data.db files.</summary>
public sealed record TableShape(string Table, bool Compressed, int ValueSize, IReadOnlyList<long> DataSizes)
{
    public string Keyspace => NodeShape.Keyspace;

    public long Bytes => DataSizes.Sum();
}

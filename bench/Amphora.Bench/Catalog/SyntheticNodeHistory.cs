using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amphora.Core.Repository;

namespace Amphora.Bench.Catalog;

/// <summary>
/// What one synthetic node's snapshot holds at its k-th backup, deterministically: three tables of three SSTables of eight
/// components each. Between two backups one table (round robin) compacts its oldest SSTable into a new generation, whose
/// Data.db and Statistics.db are new content; the other components are the same bytes for every SSTable of the table (as
/// TOC.txt really is), so each backup adds about two small content objects and its successors drop about two.
/// </summary>
public sealed class SyntheticNodeHistory(int node)
{
    public const string Keyspace = "shop";

    public static readonly IReadOnlyList<string> Tables = ["customers", "events", "orders"];

    public const int SSTablesPerTable = 3;

    private static readonly string[] Components = ["CompressionInfo.db", "Data.db", "Digest.crc32", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"];

    /// <summary>Components whose bytes differ for every SSTable generation; the rest repeat within a table.</summary>
    private static readonly HashSet<string> PerGeneration = new(StringComparer.Ordinal) { "Data.db", "Statistics.db" };

    public int Node { get; } = node;

    public Guid HostId { get; } = DeterministicGuid($"amphora-bench-node-{node}");

    /// <summary>Cluster-wide, as Cassandra's table ids are.</summary>
    public static string TableId(string table) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"table-id-{table}")))[..32];

    /// <summary>The SSTable generations of the table at backup <paramref name="backup"/>, oldest first.</summary>
    public static IEnumerable<int> Generations(int table, int backup)
    {
        // Backup j (j >= 1) compacts table j % 3, so table t has been compacted once for every j in 1..backup with j % 3 == t.
        var first = table == 0 ? 3 : table;
        var compactions = backup >= first ? ((backup - first) / Tables.Count) + 1 : 0;
        return Enumerable.Range(compactions + 1, SSTablesPerTable);
    }

    /// <summary>Every file of one table at one backup: path, component and bytes.</summary>
    public IEnumerable<(string Path, int Generation, string Component, byte[] Bytes)> Files(int table, int backup)
    {
        foreach (var generation in Generations(table, backup))
        {
            foreach (var component in Components)
            {
                yield return ($"nb-{generation}-big-{component}", generation, component, Bytes(table, generation, component));
            }
        }
    }

    /// <summary>The content keys a backup of this node references, for checking what a purge kept.</summary>
    public IEnumerable<string> ContentKeys(int backup) =>
        Enumerable.Range(0, Tables.Count).SelectMany(t => Files(t, backup)).Select(f => RepositoryKeys.Content(ContentHash.FromBytes(SHA256.HashData(f.Bytes))));

    /// <summary>A few hundred bytes, unique per node, table and (for <see cref="PerGeneration"/> components) generation.</summary>
    private byte[] Bytes(int table, int generation, string component)
    {
        var identity = PerGeneration.Contains(component)
            ? $"node {Node} table {Tables[table]} generation {generation} {component}\n"
            : $"node {Node} table {Tables[table]} {component}\n";
        var length = 120 + (SHA256.HashData(Encoding.UTF8.GetBytes(identity))[0] * 2);
        var text = new StringBuilder(length + identity.Length);
        while (text.Length < length)
        {
            text.Append(identity);
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, length));
    }

    private static Guid DeterministicGuid(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16];
        return new Guid(bytes);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"node {Node} ({HostId:D})");
}

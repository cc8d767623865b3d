namespace Amphora.Bench.Catalog;

/// <summary>
/// A repository <see cref="RepositoryGenerator"/> wrote: where it is, its cluster, the tags oldest first, the nodes whose
/// history says what each backup references, and how long writing it took.
/// </summary>
public sealed record GeneratedRepository(
    string Location, string Cluster, IReadOnlyList<string> TagsOldestFirst, IReadOnlyList<SyntheticNodeHistory> Nodes, TimeSpan Elapsed)
{
    public int NodeBackups => TagsOldestFirst.Count * Nodes.Count;

    /// <summary>The content keys the backups from <paramref name="firstBackup"/> on reference: what must remain after purging the older ones.</summary>
    public HashSet<string> ContentReferencedFrom(int firstBackup)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            for (var backup = firstBackup; backup < TagsOldestFirst.Count; backup++)
            {
                keys.UnionWith(node.ContentKeys(backup));
            }
        }

        return keys;
    }
}

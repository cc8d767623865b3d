namespace Amphora.Core.Restore;

/// <summary>One <c>--rename ks.t=ks2.t2</c>: restore the backed-up table <c>ks.t</c> as <c>ks2.t2</c>.</summary>
public sealed record TableRename(string FromKeyspace, string FromTable, string ToKeyspace, string ToTable)
{
    public override string ToString() => $"{FromKeyspace}.{FromTable}={ToKeyspace}.{ToTable}";
}

/// <summary>
/// The <c>--rename</c> options of a restore: each backed-up table restored under at most one new name, and no two
/// tables onto one name. Tables not named keep their own name.
/// </summary>
public sealed class RenameMap
{
    private readonly Dictionary<(string Keyspace, string Table), TableRename> _bySource;

    private RenameMap(IReadOnlyList<TableRename> renames)
    {
        Renames = renames;
        _bySource = renames.ToDictionary(r => (r.FromKeyspace, r.FromTable));
    }

    public static RenameMap Empty { get; } = new([]);

    /// <summary>The renames in the order given.</summary>
    public IReadOnlyList<TableRename> Renames { get; }

    public int Count => Renames.Count;

    /// <summary>
    /// Parses <c>ks.t=ks2.t2</c> specs. Refused: a spec that is not two qualified Cassandra names, a table renamed onto
    /// itself, the same table renamed twice, and two tables renamed onto one.
    /// </summary>
    public static RenameMap Parse(IEnumerable<string>? specs)
    {
        var renames = new List<TableRename>();
        foreach (var spec in specs ?? [])
        {
            var sides = (spec ?? string.Empty).Split('=', StringSplitOptions.TrimEntries);
            if (sides.Length != 2 || QualifiedName(sides[0]) is not { } from || QualifiedName(sides[1]) is not { } to)
            {
                throw new ArgumentException(
                    $"--rename '{spec}' is not KEYSPACE.TABLE=KEYSPACE.TABLE (names of 1 to {RestoreTableSelection.MaxNameLength} ASCII letters, digits or '_'), " +
                    "e.g. --rename shop.orders=shop_restored.orders.");
            }

            var rename = new TableRename(from.Keyspace, from.Table, to.Keyspace, to.Table);
            if (from == to)
            {
                throw new ArgumentException($"--rename {rename} renames {from.Keyspace}.{from.Table} onto itself; drop that --rename.");
            }

            if (renames.FirstOrDefault(r => (r.FromKeyspace, r.FromTable) == from) is { } twice)
            {
                throw new ArgumentException($"--rename names {from.Keyspace}.{from.Table} twice ({twice} and {rename}); give each table one new name.");
            }

            if (renames.FirstOrDefault(r => (r.ToKeyspace, r.ToTable) == to) is { } onto)
            {
                throw new ArgumentException($"--rename {onto} and {rename} both restore onto {to.Keyspace}.{to.Table}; give each table its own name.");
            }

            renames.Add(rename);
        }

        return renames.Count == 0 ? Empty : new RenameMap(renames);
    }

    /// <summary>The name the table is restored under: its rename's target, or its own name.</summary>
    public (string Keyspace, string Table) Apply(string keyspace, string table) =>
        _bySource.TryGetValue((keyspace, table), out var rename) ? (rename.ToKeyspace, rename.ToTable) : (keyspace, table);

    public bool IsRenamed(string keyspace, string table) => _bySource.ContainsKey((keyspace, table));

    /// <summary>
    /// Checks the renames against the tables a restore takes: each renamed table must be one of them, and no two of them
    /// may end up under one name (a table renamed onto another restored table that keeps its name).
    /// </summary>
    public void CheckAgainst(IEnumerable<(string Keyspace, string Table)> restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        var sources = restored.Distinct().ToList();
        foreach (var rename in Renames.Where(r => !sources.Contains((r.FromKeyspace, r.FromTable))))
        {
            throw new ArgumentException(
                $"--rename {rename}: {rename.FromKeyspace}.{rename.FromTable} is not among the tables restored " +
                $"({(sources.Count == 0 ? "none" : string.Join(", ", sources.Select(s => $"{s.Keyspace}.{s.Table}")))}); check -K and the backup.");
        }

        var targets = new Dictionary<(string Keyspace, string Table), (string Keyspace, string Table)>();
        foreach (var source in sources)
        {
            var target = Apply(source.Keyspace, source.Table);
            if (targets.TryGetValue(target, out var other))
            {
                throw new ArgumentException(
                    $"{other.Keyspace}.{other.Table} and {source.Keyspace}.{source.Table} would both be restored as {target.Keyspace}.{target.Table}; " +
                    "rename one of them with --rename or leave one out of -K.");
            }

            targets.Add(target, source);
        }
    }

    private static (string Keyspace, string Table)? QualifiedName(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 2 && RestoreTableSelection.IsName(parts[0]) && RestoreTableSelection.IsName(parts[1]) ? (parts[0], parts[1]) : null;
    }
}

using System.Text.RegularExpressions;

namespace Amphora.Core.Restore;

/// <summary>
/// Which backed-up tables a restore takes, from <c>-K 'shop.orders,shop2.*,audit'</c>: comma-separated entries, each
/// <c>ks.table</c>, <c>ks.*</c> or <c>ks</c> (every table of the keyspace). Names are exact (case-sensitive, as on disk);
/// no wildcards inside names, because a restore should say precisely what it overwrites. Without -K every table is taken
/// except the system keyspaces', which a restore only touches when an entry names them.
/// </summary>
public sealed partial class RestoreTableSelection
{
    /// <summary>Keyspaces Cassandra owns (local, replicated and virtual): taken only when an entry names them.</summary>
    public static readonly IReadOnlySet<string> SystemKeyspaces = new HashSet<string>(StringComparer.Ordinal)
    {
        "system", "system_schema", "system_auth", "system_distributed", "system_traces", "system_views", "system_virtual_schema",
    };

    private RestoreTableSelection(string text, IReadOnlyList<Entry> entries)
    {
        Text = text;
        Entries = entries;
    }

    /// <summary>Every non-system table.</summary>
    public static RestoreTableSelection All { get; } = new("*", []);

    /// <summary>The selection as given (<c>*</c> for all), for messages.</summary>
    public string Text { get; }

    /// <summary>The entries in the order given; empty for <see cref="All"/>.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    public bool IsAll => Entries.Count == 0;

    /// <summary>Parses -K; null, empty or blank means <see cref="All"/>. Bad names and repeated entries are refused.</summary>
    public static RestoreTableSelection Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var entries = new List<Entry>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                throw new ArgumentException($"-K '{text}' has an empty entry; separate tables with single commas, e.g. -K 'shop.orders,shop2.*'.");
            }

            var parts = raw.Split('.');
            var table = parts.Length == 2 && parts[1] != "*" ? parts[1] : null;
            if (parts.Length > 2 || !IsName(parts[0]) || (table is not null && !IsName(table)))
            {
                throw new ArgumentException(
                    $"-K entry '{raw}' is not ks.table, ks.* or ks: names are 1 to {MaxNameLength} ASCII letters, digits or '_', e.g. -K 'shop.orders,shop2.*'.");
            }

            var entry = new Entry(parts[0], table);
            if (entries.Contains(entry))
            {
                throw new ArgumentException($"-K names {entry} twice; give each table or keyspace once.");
            }

            entries.Add(entry);
        }

        return new RestoreTableSelection(text.Trim(), entries);
    }

    public bool Matches(string keyspace, string table) =>
        IsAll ? !SystemKeyspaces.Contains(keyspace) : Entries.Any(e => e.Matches(keyspace, table));

    /// <summary>
    /// The tables among <paramref name="available"/> (a backup's) that the selection takes, in their order. An entry that
    /// matches none of them is refused, listing what the backup has: a typo must not silently restore nothing.
    /// </summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> available, Func<T, (string Keyspace, string Table)> nameOf, string source)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(nameOf);
        var names = available.Select(nameOf).ToList();
        var unmatched = Entries.Where(e => !names.Any(n => e.Matches(n.Keyspace, n.Table))).ToList();
        if (unmatched.Count > 0)
        {
            // User tables by name; system tables by keyspace, since every backup has dozens of them.
            var has = names.Where(n => !SystemKeyspaces.Contains(n.Keyspace)).Select(n => $"{n.Keyspace}.{n.Table}")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var system = names.Where(n => SystemKeyspaces.Contains(n.Keyspace)).Select(n => n.Keyspace + ".*")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            throw new ArgumentException(
                $"-K {string.Join(", ", unmatched)} matches no table in {source}; it has {(has.Count + system.Count == 0 ? "no tables" : string.Join(", ", has.Concat(system)))}.");
        }

        return available.Where((_, i) => Matches(names[i].Keyspace, names[i].Table)).ToList();
    }

    public override string ToString() => Text;

    internal const int MaxNameLength = 222;

    /// <summary>A Cassandra keyspace or table name as the manifest validator accepts it: \w+, ASCII, at most 222.</summary>
    internal static bool IsName(string name) => CassandraName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,222}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CassandraName();

    /// <summary>One -K entry: a table, or a whole keyspace when <see cref="Table"/> is null.</summary>
    public sealed record Entry(string Keyspace, string? Table)
    {
        public bool Matches(string keyspace, string table) =>
            keyspace == Keyspace && (Table is null || table == Table);

        public override string ToString() => Table is null ? $"{Keyspace}.*" : $"{Keyspace}.{Table}";
    }
}

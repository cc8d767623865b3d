using System.Text.RegularExpressions;

namespace Amphora.Core.Backup;

/// <summary>
/// Which tables a backup takes, from Scylla-Manager-style globs: <c>-K 'ks.*,!ks.big'</c>. A pattern without a dot names a
/// whole keyspace; '*' and '?' are wildcards; a '!' pattern excludes; with only exclusions everything else is included.
/// Node-local system keyspaces (tokens, peers, traces, virtual tables) are left out unless a pattern names them exactly:
/// restoring them onto another node would give it the wrong identity. Schema, auth and distributed system data are kept.
/// </summary>
public sealed class TableFilter
{
    public static readonly IReadOnlySet<string> NodeLocalKeyspaces =
        new HashSet<string>(StringComparer.Ordinal) { "system", "system_traces", "system_views", "system_virtual_schema" };

    private readonly List<Pattern> _includes = [];
    private readonly List<Pattern> _excludes = [];

    public TableFilter(string? patterns)
    {
        Text = string.IsNullOrWhiteSpace(patterns) ? "*" : patterns.Trim();
        foreach (var raw in Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var exclude = raw.StartsWith('!');
            var body = exclude ? raw[1..] : raw;
            if (body.Length == 0 || body.Count(c => c == '.') > 1 || body.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '*' or '?')))
            {
                throw new ArgumentException(
                    $"-K pattern '{raw}' is not a keyspace or keyspace.table glob; use letters, digits, '_', '*' and '?', e.g. -K 'shop.*,!shop.audit'.");
            }

            var parts = body.Split('.');
            var pattern = new Pattern(parts[0], parts.Length == 2 ? parts[1] : "*");
            (exclude ? _excludes : _includes).Add(pattern);
        }

        if (_includes.Count == 0)
        {
            _includes.Add(new Pattern("*", "*"));
        }
    }

    /// <summary>The patterns as given, for messages.</summary>
    public string Text { get; }

    public bool Matches(string keyspace, string table) =>
        _includes.Any(p => p.Matches(keyspace, table) && (!NodeLocalKeyspaces.Contains(keyspace) || p.NamesKeyspace(keyspace)))
        && !_excludes.Any(p => p.Matches(keyspace, table));

    /// <summary>Whether an include pattern names this keyspace exactly (not through a wildcard).</summary>
    public bool NamesKeyspace(string keyspace) => _includes.Any(p => p.NamesKeyspace(keyspace));

    private sealed class Pattern(string keyspace, string table)
    {
        private readonly Regex _keyspace = Glob(keyspace);
        private readonly Regex _table = Glob(table);

        public bool Matches(string keyspaceName, string tableName) => _keyspace.IsMatch(keyspaceName) && _table.IsMatch(tableName);

        public bool NamesKeyspace(string keyspaceName) => keyspace == keyspaceName;

        private static Regex Glob(string glob) =>
            new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.CultureInvariant);
    }
}

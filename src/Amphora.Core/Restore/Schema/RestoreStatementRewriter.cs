using System.Text;

namespace Amphora.Core.Restore.Schema;

/// <summary>
/// Checks one statement of a table's schema.cql against the allow-list and rewrites it for the restore: made
/// IF NOT EXISTS, names qualified and renamed, a renamed table's <c>WITH ID</c> dropped and its indexes renamed.
/// Every refusal is an <see cref="InvalidDataException"/> whose message says why, for the caller to name the table.
/// </summary>
internal static class RestoreStatementRewriter
{
    private const string AllowList = "only CREATE TYPE, CREATE TABLE, CREATE [CUSTOM] INDEX and CREATE MATERIALIZED VIEW are restored";

    private enum Kind
    {
        Type,
        Table,
        Index,
        View,
    }

    /// <summary>The statement as the restore runs it, with its ';'.</summary>
    public static string Rewrite(CqlStatement statement, (string Keyspace, string Table) source, RenameMap renames)
    {
        var tokens = statement.Tokens;
        var edits = new List<Edit>();
        var i = 1;
        var kind = !tokens[0].IsKeyword("CREATE") ? throw Refused($"which is not a CREATE statement ({AllowList})")
            : At(tokens, i, "TYPE") ? Kind.Type
            : At(tokens, i, "TABLE") ? Kind.Table
            : At(tokens, i, "INDEX") ? Kind.Index
            : At(tokens, i, "CUSTOM") && At(tokens, i + 1, "INDEX") ? Kind.Index
            : At(tokens, i, "MATERIALIZED") && At(tokens, i + 1, "VIEW") ? Kind.View
            : throw Refused($"which creates something else ({AllowList})");
        i += At(tokens, i, "CUSTOM") || At(tokens, i, "MATERIALIZED") ? 2 : 1;

        if (At(tokens, i, "IF"))
        {
            if (!At(tokens, i + 1, "NOT") || !At(tokens, i + 2, "EXISTS"))
            {
                throw Refused("which has IF but not IF NOT EXISTS");
            }

            i += 3;
        }
        else
        {
            edits.Add(new Edit(i, i, [new(CqlTokenKind.Word, "IF", " "), new(CqlTokenKind.Word, "NOT", " "), new(CqlTokenKind.Word, "EXISTS", " ")]));
        }

        var target = renames.Apply(source.Keyspace, source.Table);
        switch (kind)
        {
            case Kind.Type:
            {
                var type = NameAt(tokens, i, source.Keyspace, "a type name");
                if (type.Keyspace != source.Keyspace)
                {
                    throw Refused($"which creates type {type} in another keyspace");
                }

                CheckParenthesesThen(tokens, type.End, null);
                edits.Add(type.Replace(tokens, target.Keyspace, type.Name));
                break;
            }

            case Kind.Table:
            {
                var table = NameAt(tokens, i, source.Keyspace, "a table name");
                if ((table.Keyspace, table.Name) != source)
                {
                    throw Refused($"which creates another table, {table}");
                }

                CheckParenthesesThen(tokens, table.End, "WITH");
                edits.Add(table.Replace(tokens, target.Keyspace, target.Table));
                if (renames.IsRenamed(source.Keyspace, source.Table))
                {
                    edits.AddRange(IdOption(tokens, table.End));
                }

                break;
            }

            case Kind.Index:
            {
                var index = At(tokens, i, "ON") ? null : NameAt(tokens, i, source.Keyspace, "an index name");
                if (index is not null && index.Keyspace != source.Keyspace)
                {
                    throw Refused($"which creates index {index} in another keyspace");
                }

                var on = index?.End ?? i;
                if (!At(tokens, on, "ON"))
                {
                    throw Refused("which has no ON after the index name");
                }

                var table = NameAt(tokens, on + 1, source.Keyspace, "a table name after ON");
                if ((table.Keyspace, table.Name) != source)
                {
                    throw Refused($"which indexes another table, {table}");
                }

                CheckParenthesesThen(tokens, table.End, "USING");

                // Index names are unique per keyspace: a renamed table's indexes need names of their own. An unnamed index
                // gets Cassandra's default name, which already follows the table's name.
                if (index is not null && renames.IsRenamed(source.Keyspace, source.Table))
                {
                    edits.Add(index.Replace(tokens, index.Qualified ? target.Keyspace : null, $"{target.Table}_{index.Name}"));
                }

                edits.Add(table.Replace(tokens, target.Keyspace, target.Table));
                break;
            }

            case Kind.View:
            {
                var view = NameAt(tokens, i, source.Keyspace, "a view name");
                if (!At(tokens, view.End, "AS"))
                {
                    throw Refused("which has no AS SELECT after the view name");
                }

                var from = IndexOfKeyword(tokens, view.End + 1, "FROM");
                var table = from < 0 ? throw Refused("which has no FROM") : NameAt(tokens, from + 1, view.Keyspace, "a table name after FROM");
                if (view.Keyspace != source.Keyspace || table.Keyspace != source.Keyspace || (view.Name != source.Table && table.Name != source.Table))
                {
                    throw Refused($"which creates view {view} of {table}, not a view of or on {source.Keyspace}.{source.Table}");
                }

                var viewTarget = renames.Apply(view.Keyspace, view.Name);
                var tableTarget = renames.Apply(table.Keyspace, table.Name);
                edits.Add(view.Replace(tokens, viewTarget.Keyspace, viewTarget.Table));
                edits.Add(table.Replace(tokens, tableTarget.Keyspace, tableTarget.Table));
                if (renames.IsRenamed(view.Keyspace, view.Name))
                {
                    edits.AddRange(IdOption(tokens, table.End));
                }

                break;
            }
        }

        return Render(tokens, edits);
    }

    /// <summary>
    /// The statement goes on with one (...) group and then ends or goes on with <paramref name="then"/>: a second
    /// statement glued on without its ';' is refused here rather than left for Cassandra's parser.
    /// </summary>
    private static void CheckParenthesesThen(IReadOnlyList<CqlToken> tokens, int start, string? then)
    {
        if (start >= tokens.Count || !tokens[start].IsSymbol('('))
        {
            throw Refused("which has no ( after the name");
        }

        var depth = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            depth += Depth(tokens[i]);
            if (depth == 0)
            {
                if (i + 1 < tokens.Count && (then is null || !tokens[i + 1].IsKeyword(then)))
                {
                    throw Refused($"which goes on after its closing ) with '{tokens[i + 1].Text}'{(then is null ? string.Empty : $" instead of {then}")}");
                }

                return;
            }
        }

        throw Refused("which never closes its (");
    }

    private static bool At(IReadOnlyList<CqlToken> tokens, int index, string keyword) => index < tokens.Count && tokens[index].IsKeyword(keyword);

    /// <summary>A name or keyspace.name at the index; an unqualified name belongs to <paramref name="defaultKeyspace"/>.</summary>
    private static QualifiedName NameAt(IReadOnlyList<CqlToken> tokens, int index, string defaultKeyspace, string what)
    {
        var first = NamePart(tokens, index) ?? throw Refused($"which has no {what} where one belongs");
        if (index + 1 < tokens.Count && tokens[index + 1].IsSymbol('.'))
        {
            var second = NamePart(tokens, index + 2) ?? throw Refused($"which has no {what} after '{first}.'");
            return new QualifiedName(first, second, index, index + 3, Qualified: true);
        }

        return new QualifiedName(defaultKeyspace, first, index, index + 1, Qualified: false);
    }

    private static string? NamePart(IReadOnlyList<CqlToken> tokens, int index) =>
        index < tokens.Count && tokens[index] is { Kind: CqlTokenKind.QuotedName or CqlTokenKind.Word } token
            && (token.Kind == CqlTokenKind.QuotedName || char.IsAsciiLetter(token.Text[0]))
            ? token.Name
            : null;

    /// <summary>The first unquoted keyword at bracket depth 0 from the index, or -1.</summary>
    private static int IndexOfKeyword(IReadOnlyList<CqlToken> tokens, int start, string keyword)
    {
        var depth = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            depth += Depth(tokens[i]);
            if (depth == 0 && tokens[i].IsKeyword(keyword))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Depth(CqlToken token) =>
        token.Kind != CqlTokenKind.Symbol ? 0 : token.Text[0] is '(' or '[' or '{' ? 1 : token.Text[0] is ')' or ']' or '}' ? -1 : 0;

    /// <summary>
    /// The edit removing <c>ID = ...</c> from the WITH options after <paramref name="start"/>: a table created under a new
    /// name must get a new id, or it would claim the original table's.
    /// </summary>
    private static IEnumerable<Edit> IdOption(IReadOnlyList<CqlToken> tokens, int start)
    {
        var with = IndexOfKeyword(tokens, start, "WITH");
        if (with < 0)
        {
            yield break;
        }

        // Options are separated by AND at depth 0; (Start, End) of each, End exclusive.
        var options = new List<(int Start, int End)>();
        var depth = 0;
        var optionStart = with + 1;
        for (var i = with + 1; i <= tokens.Count; i++)
        {
            if (i == tokens.Count || (depth == 0 && tokens[i].IsKeyword("AND")))
            {
                options.Add((optionStart, i));
                optionStart = i + 1;
            }
            else
            {
                depth += Depth(tokens[i]);
            }
        }

        for (var o = options.Count - 1; o >= 0; o--)
        {
            var (optionFrom, optionTo) = options[o];
            if (optionTo - optionFrom < 2 || !tokens[optionFrom].IsKeyword("ID") || !tokens[optionFrom + 1].IsSymbol('='))
            {
                continue;
            }

            // The only option: drop WITH too. The first: drop it and the AND after it. Otherwise: the AND before it and it.
            yield return options.Count == 1 ? new Edit(with, optionTo, [])
                : o == 0 ? new Edit(optionFrom, options[1].Start, [])
                : new Edit(options[o - 1].End, optionTo, []);
        }
    }

    private static string Render(IReadOnlyList<CqlToken> tokens, List<Edit> edits)
    {
        var result = tokens.ToList();
        // Right to left, so earlier indexes stay valid; at one index the replacement goes before the insertion.
        foreach (var edit in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
        {
            result.RemoveRange(edit.Start, edit.End - edit.Start);
            result.InsertRange(edit.Start, edit.Tokens);
        }

        var text = new StringBuilder();
        for (var i = 0; i < result.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : result[i].SpaceBefore).Append(result[i].Text);
        }

        return text.Append(';').ToString();
    }

    private static InvalidDataException Refused(string why) => new(why);

    /// <summary>Replace tokens [Start, End) with these.</summary>
    private sealed record Edit(int Start, int End, IReadOnlyList<CqlToken> Tokens);

    /// <summary>A (possibly qualified) name and the tokens [Start, End) it spans.</summary>
    private sealed record QualifiedName(string Keyspace, string Name, int Start, int End, bool Qualified)
    {
        /// <summary>The edit writing this name as keyspace.name (or just name when the keyspace is null).</summary>
        public Edit Replace(IReadOnlyList<CqlToken> tokens, string? keyspace, string name)
        {
            var space = tokens[Start].SpaceBefore;
            return new Edit(Start, End, keyspace is null
                ? [CqlToken.ForName(name, space)]
                : [CqlToken.ForName(keyspace, space), new CqlToken(CqlTokenKind.Symbol, ".", string.Empty), CqlToken.ForName(name, string.Empty)]);
        }

        public override string ToString() => $"{Keyspace}.{Name}";
    }
}

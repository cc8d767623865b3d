namespace Amphora.Core.Restore.Schema;

/// <summary>
/// One lexical token of a CQL statement, kept as its source text (quotes included) with the whitespace before it, so a
/// statement rewritten token by token still reads like the original.
/// </summary>
public sealed record CqlToken(CqlTokenKind Kind, string Text, string SpaceBefore)
{
    /// <summary>An unquoted word equal to the keyword, as CQL compares keywords: case-insensitively.</summary>
    public bool IsKeyword(string keyword) => Kind == CqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == CqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>
    /// The name this token stands for, as Cassandra resolves it: an unquoted name folds to lower case, a quoted one is
    /// exact with "" unescaped. Null for tokens that are not names.
    /// </summary>
    public string? Name => Kind switch
    {
        CqlTokenKind.Word => Text.ToLowerInvariant(),
        CqlTokenKind.QuotedName => Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal),
        _ => null,
    };

    /// <summary>A token naming <paramref name="name"/>: unquoted when CQL would read it back unchanged, quoted otherwise.</summary>
    public static CqlToken ForName(string name, string spaceBefore)
    {
        ArgumentNullException.ThrowIfNull(name);
        var plain = name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return plain
            ? new CqlToken(CqlTokenKind.Word, name, spaceBefore)
            : new CqlToken(CqlTokenKind.QuotedName, "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", spaceBefore);
    }
}

using System.Globalization;
using System.Text;

namespace Amphora.Core.Restore.Schema;

/// <summary>
/// Splits CQL text (a snapshot's schema.cql: untrusted) into statements at each ';' outside 'strings' ('' escapes),
/// "quoted names" ("" escapes), $$strings$$ and comments (-- and // to the end of the line, /* */), dropping the comments.
/// One pass over the text, so the work is linear in its length whatever it holds. Refused with
/// <see cref="InvalidDataException"/>: a string, name or comment left open, and control, format or line-separator
/// characters outside tabs and line ends (no real schema has them; they could hide text from a reader or a terminal).
/// </summary>
public static class CqlStatementSplitter
{
    public static IReadOnlyList<CqlStatement> Split(string cql)
    {
        ArgumentNullException.ThrowIfNull(cql);
        CheckCharacters(cql);
        var statements = new List<CqlStatement>();
        var tokens = new List<CqlToken>();
        var space = new StringBuilder();
        var i = 0;
        while (i < cql.Length)
        {
            var c = cql[i];
            var next = i + 1 < cql.Length ? cql[i + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                space.Append(c);
                i++;
            }
            else if ((c == '-' && next == '-') || (c == '/' && next == '/'))
            {
                // A line comment ends at \n or \r: readers that take a lone \r as a line end must not see code we skipped.
                while (i < cql.Length && cql[i] is not ('\n' or '\r'))
                {
                    i++;
                }

                space.Append(' ');
            }
            else if (c == '/' && next == '*')
            {
                var end = cql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Unclosed("/* comment", cql, i);
                }

                i = end + 2;
                space.Append(' ');
            }
            else if (c == ';')
            {
                if (tokens.Count > 0)
                {
                    statements.Add(new CqlStatement(tokens));
                    tokens = [];
                }

                space.Clear();
                i++;
            }
            else
            {
                var (kind, end) = c switch
                {
                    '\'' => (CqlTokenKind.StringLiteral, Quoted(cql, i, '\'', "' string")),
                    '"' => (CqlTokenKind.QuotedName, Quoted(cql, i, '"', "\" quoted name")),
                    '$' when next == '$' => (CqlTokenKind.DollarString, DollarString(cql, i)),
                    _ when IsWordCharacter(c) => (CqlTokenKind.Word, WordEnd(cql, i)),
                    _ => (CqlTokenKind.Symbol, i + 1),
                };
                tokens.Add(new CqlToken(kind, cql[i..end], space.ToString()));
                space.Clear();
                i = end;
            }
        }

        if (tokens.Count > 0)
        {
            statements.Add(new CqlStatement(tokens));
        }

        return statements;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int WordEnd(string cql, int start)
    {
        var i = start;
        while (i < cql.Length && IsWordCharacter(cql[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index just past the closing quote; a doubled quote inside is an escaped one.</summary>
    private static int Quoted(string cql, int start, char quote, string what)
    {
        var i = start + 1;
        while (true)
        {
            var close = cql.IndexOf(quote, i);
            if (close < 0)
            {
                throw Unclosed(what, cql, start);
            }

            if (close + 1 < cql.Length && cql[close + 1] == quote)
            {
                i = close + 2;
                continue;
            }

            return close + 1;
        }
    }

    private static int DollarString(string cql, int start)
    {
        var close = cql.IndexOf("$$", start + 2, StringComparison.Ordinal);
        return close < 0 ? throw Unclosed("$$ string", cql, start) : close + 2;
    }

    private static void CheckCharacters(string cql)
    {
        for (var i = 0; i < cql.Length; i++)
        {
            var c = cql[i];
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (char.IsSurrogatePair(cql, i))
            {
                i++;
                continue;
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                throw new InvalidDataException(
                    $"the CQL holds the character U+{(int)c:X4} at line {LineOf(cql, i)}; schema text has no control, format or line-separator characters.");
            }
        }
    }

    private static InvalidDataException Unclosed(string what, string cql, int start) =>
        new($"a {what} opened at line {LineOf(cql, start)} is never closed (unbalanced quotes or comment).");

    private static int LineOf(string cql, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < cql.Length; i++)
        {
            line += cql[i] == '\n' ? 1 : 0;
        }

        return line;
    }
}

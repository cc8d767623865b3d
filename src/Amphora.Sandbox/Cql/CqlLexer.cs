using System.Text;
using System.Text.RegularExpressions;

namespace Amphora.Sandbox.Cql;

public enum CqlTokenKind
{
    Word,
    QuotedName,
    Literal,
    Number,
    Uuid,
    Symbol,
}

/// <summary>One CQL token with the 1-based line and 0-based column where it starts.</summary>
public sealed record CqlToken(CqlTokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(string keyword) => Kind == CqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == CqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;
}

/// <summary>A statement's tokens (without the ';') and the line its terminating ';' is on.</summary>
public sealed record CqlStatement(IReadOnlyList<CqlToken> Tokens, int EndLine);

/// <summary>
/// Splits cqlsh input into statements: ';'-terminated, with '...' strings (” escapes), "..." names, numbers,
/// UUIDs, and -- // /* */ comments skipped.
/// </summary>
public static partial class CqlLexer
{
    [GeneratedRegex(@"\G[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_])")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"\G-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\G[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex WordPattern();

    /// <summary>The complete statements, and the tokens of an unterminated one at the end (empty when there is none).</summary>
    public static (List<CqlStatement> Statements, List<CqlToken> Incomplete) Split(string text)
    {
        var statements = new List<CqlStatement>();
        var current = new List<CqlToken>();
        foreach (var token in Tokenize(text))
        {
            if (token.IsSymbol(';'))
            {
                if (current.Count > 0)
                {
                    statements.Add(new CqlStatement(current, token.Line));
                }

                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        return (statements, current);
    }

    public static IEnumerable<CqlToken> Tokenize(string text)
    {
        var line = 1;
        var lineStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                lineStart = i;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var column = i - lineStart;
            if ((c == '-' && Next(text, i) == '-') || (c == '/' && Next(text, i) == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && Next(text, i) == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                for (var j = i; j < end; j++)
                {
                    if (text[j] == '\n')
                    {
                        line++;
                        lineStart = j + 1;
                    }
                }

                i = end;
                continue;
            }

            if (c is '\'' or '"')
            {
                var startLine = line;
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw CqlRequestException.Syntax($"line {startLine}:{column} unterminated {(c == '\'' ? "string" : "quoted name")}");
                    }

                    if (text[i] == c)
                    {
                        if (Next(text, i) == c)
                        {
                            value.Append(c);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    value.Append(text[i++]);
                }

                yield return new CqlToken(c == '\'' ? CqlTokenKind.Literal : CqlTokenKind.QuotedName, value.ToString(), startLine, column);
                continue;
            }

            if (UuidPattern().Match(text, i) is { Success: true } uuid)
            {
                yield return new CqlToken(CqlTokenKind.Uuid, uuid.Value, line, column);
                i += uuid.Length;
                continue;
            }

            if ((char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Next(text, i)))) && NumberPattern().Match(text, i) is { Success: true } number)
            {
                yield return new CqlToken(CqlTokenKind.Number, number.Value, line, column);
                i += number.Length;
                continue;
            }

            if (WordPattern().Match(text, i) is { Success: true } word)
            {
                yield return new CqlToken(CqlTokenKind.Word, word.Value, line, column);
                i += word.Length;
                continue;
            }

            yield return new CqlToken(CqlTokenKind.Symbol, c.ToString(), line, column);
            i++;
        }
    }

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';
}

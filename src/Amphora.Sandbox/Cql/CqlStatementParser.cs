using System.Globalization;

namespace Amphora.Sandbox.Cql;

/// <summary>A cursor over one statement's tokens with the small recursive-descent helpers the sandbox's CQL needs.</summary>
internal sealed class CqlStatementParser(CqlStatement statement)
{
    private readonly IReadOnlyList<CqlToken> _tokens = statement.Tokens;
    private int _position;

    public bool AtEnd => _position >= _tokens.Count;

    public CqlToken? Peek(int ahead = 0) => _position + ahead < _tokens.Count ? _tokens[_position + ahead] : null;

    public bool TryKeyword(string keyword)
    {
        if (Peek() is { } token && token.Is(keyword))
        {
            _position++;
            return true;
        }

        return false;
    }

    public bool TryKeywords(params string[] keywords)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            if (Peek(i) is not { } token || !token.Is(keywords[i]))
            {
                return false;
            }
        }

        _position += keywords.Length;
        return true;
    }

    public void Keyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Unexpected();
        }
    }

    public bool TrySymbol(char symbol)
    {
        if (Peek() is { } token && token.IsSymbol(symbol))
        {
            _position++;
            return true;
        }

        return false;
    }

    public void Symbol(char symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw Unexpected();
        }
    }

    /// <summary>An identifier: unquoted names fold to lower case, "quoted" names keep theirs.</summary>
    public string Name()
    {
        var token = Peek();
        if (token is { Kind: CqlTokenKind.Word })
        {
            _position++;
            return token.Text.ToLowerInvariant();
        }

        if (token is { Kind: CqlTokenKind.QuotedName })
        {
            _position++;
            return token.Text;
        }

        throw Unexpected();
    }

    /// <summary>[keyspace.]name.</summary>
    public (string? Keyspace, string Name) QualifiedName()
    {
        var first = Name();
        return TrySymbol('.') ? (first, Name()) : (null, first);
    }

    /// <summary>A property value: constant, identifier, UUID or {map}; maps come back as dictionaries of strings.</summary>
    public object Value()
    {
        var token = Peek() ?? throw Unexpected();
        if (token.IsSymbol('{'))
        {
            _position++;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!TrySymbol('}'))
            {
                do
                {
                    var key = Scalar();
                    Symbol(':');
                    map[key] = Scalar();
                }
                while (TrySymbol(','));
                Symbol('}');
            }

            return map;
        }

        return Scalar();
    }

    private string Scalar()
    {
        var token = Peek() ?? throw Unexpected();
        if (token.Kind is CqlTokenKind.Literal or CqlTokenKind.Number or CqlTokenKind.Uuid or CqlTokenKind.Word or CqlTokenKind.QuotedName)
        {
            _position++;
            return token.Kind == CqlTokenKind.Word ? token.Text.ToLowerInvariant() : token.Text;
        }

        throw Unexpected();
    }

    /// <summary>Skips a balanced (...) group, e.g. CLUSTERING ORDER BY (...).</summary>
    public void SkipGroup()
    {
        Symbol('(');
        var depth = 1;
        while (depth > 0)
        {
            var token = Peek() ?? throw Unexpected();
            _position++;
            depth += token.IsSymbol('(') ? 1 : token.IsSymbol(')') ? -1 : 0;
        }
    }

    public void End()
    {
        if (!AtEnd)
        {
            throw Unexpected();
        }
    }

    /// <summary>Cassandra's ANTLR complaint at the offending token.</summary>
    public CqlRequestException Unexpected()
    {
        if (Peek() is { } token)
        {
            var line = token.Line - _tokens[0].Line + 1;
            var text = token.Kind switch
            {
                CqlTokenKind.Literal => $"'{token.Text}'",
                CqlTokenKind.QuotedName => $"\"{token.Text}\"",
                _ => token.Text,
            };
            return CqlRequestException.Syntax(string.Create(CultureInfo.InvariantCulture, $"line {line}:{token.Column} no viable alternative at input '{text}'"));
        }

        var last = _tokens[^1];
        return CqlRequestException.Syntax(string.Create(CultureInfo.InvariantCulture,
            $"line {last.Line - _tokens[0].Line + 1}:{last.Column + last.Text.Length} mismatched input ';' expecting more input"));
    }
}

namespace Amphora.Core.Restore.Schema;

public enum CqlTokenKind
{
    /// <summary>A run of ASCII letters, digits and '_': a keyword, an unquoted name or (part of) a number or UUID.</summary>
    Word,

    /// <summary>A "double-quoted" name, "" inside standing for one quote.</summary>
    QuotedName,

    /// <summary>A 'single-quoted' string, '' inside standing for one quote.</summary>
    StringLiteral,

    /// <summary>A $$dollar-quoted$$ string.</summary>
    DollarString,

    /// <summary>Any other single character outside the above: punctuation such as ( ) . , = &lt; &gt;.</summary>
    Symbol,
}

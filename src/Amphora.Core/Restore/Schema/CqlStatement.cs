using System.Text;

namespace Amphora.Core.Restore.Schema;

/// <summary>One CQL statement without its terminating ';' and without comments, as tokens.</summary>
public sealed class CqlStatement(IReadOnlyList<CqlToken> tokens)
{
    public IReadOnlyList<CqlToken> Tokens { get; } = tokens;

    /// <summary>The statement's text: its tokens with the whitespace between them, without leading space and ';'.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < Tokens.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : Tokens[i].SpaceBefore).Append(Tokens[i].Text);
            }

            return text.ToString();
        }
    }

    /// <summary>The first words of the statement on one line, shortened, for error messages.</summary>
    public string Beginning(int maxTokens = 8, int maxLength = 80)
    {
        var text = string.Join(' ', Tokens.Take(maxTokens).Select(t => t.Text));
        text = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return text.Length > maxLength ? text[..maxLength] + "..." : Tokens.Count > maxTokens ? text + " ..." : text;
    }

    public override string ToString() => Text;
}

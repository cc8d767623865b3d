using System.Text;

namespace Amphora.Nodes;

/// <summary>Splits a configured command line (<c>nodetool -h 10.0.0.5 -pwf "/etc/jmx pw"</c>) into words, shell-style quotes honoured.</summary>
public static class CommandLineSplitter
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in commandLine)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new ArgumentException($"Unclosed {quote} quote in command line: {commandLine}");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}

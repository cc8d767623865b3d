namespace Amphora.Bench.Tools;

/// <summary>Single-quotes a word for bash.</summary>
public static class ShellWords
{
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>Test output shows fuzzed text with control and non-ASCII characters escaped, so a NUL does not make it "binary".</summary>
public static class Printable
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Select(c => char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}

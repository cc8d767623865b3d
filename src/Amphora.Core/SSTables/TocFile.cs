using System.Text;
using System.Text.RegularExpressions;

namespace Amphora.Core.SSTables;

/// <summary>
/// TOC.txt: one bare component name per line (<c>Data.db</c>), in any order, including <c>TOC.txt</c> itself. Anything
/// else on a line (paths, odd characters) is refused: the names become file names.
/// </summary>
public static partial class TocFile
{
    /// <summary>Real TOCs are under 200 bytes; SAI adds a few names per index.</summary>
    public const int MaxLength = 64 * 1024;

    public static IReadOnlyList<string> Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxLength)
        {
            throw new SSTableFormatException($"TOC.txt is {content.Length} bytes; a table of contents is never over {MaxLength}.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new SSTableFormatException("TOC.txt is not text (invalid UTF-8).");
        }

        // A set beside the list: 64 KiB holds ~10,000 short names, and List.Contains made the duplicate check quadratic.
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (!ComponentName().IsMatch(line))
            {
                throw new SSTableFormatException($"TOC.txt line {lineNumber} is not a component name: '{Printable(line)}'.");
            }

            if (!seen.Add(line))
            {
                throw new SSTableFormatException($"TOC.txt lists {line} twice.");
            }

            names.Add(line);
        }

        if (names.Count == 0)
        {
            throw new SSTableFormatException("TOC.txt lists no component.");
        }

        return names;
    }

    private static string Printable(string line) =>
        string.Concat(line.Take(80).Select(c => char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    // As Descriptor.SSTABLE_DIR_PATTERN's component: word characters and '+' (SAI), a dot, an extension.
    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,200}\.[A-Za-z0-9_]{1,20}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentName();
}

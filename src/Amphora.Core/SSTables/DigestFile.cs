using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Amphora.Core.SSTables;

/// <summary>
/// The Digest component: a decimal, unsigned 32-bit checksum of the whole Data.db (ka and later; no newline, but readers
/// tolerate one), or in jb a sha1sum-style line <c>&lt;40 hex&gt;  &lt;Data file name&gt;</c>.
/// </summary>
public sealed partial record DigestFile(uint? Checksum, string? Sha1Hex)
{
    public const int MaxLength = 4096;

    public static DigestFile Parse(ReadOnlySpan<byte> content, bool sha1)
    {
        if (content.Length > MaxLength)
        {
            throw new SSTableFormatException($"the digest file is {content.Length} bytes; a digest is a single short line.");
        }

        var text = Encoding.ASCII.GetString(content).TrimEnd('\n', '\r');
        if (sha1)
        {
            var match = Sha1Line().Match(text);
            return match.Success
                ? new DigestFile(null, match.Groups["hex"].Value.ToLowerInvariant())
                : throw new SSTableFormatException($"the digest file should hold a SHA-1 in sha1sum style, not '{Excerpt(text)}'.");
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new DigestFile(value, null)
            : throw new SSTableFormatException($"the digest file should hold one unsigned 32-bit decimal number, not '{Excerpt(text)}'.");
    }

    public override string ToString() => Checksum?.ToString(CultureInfo.InvariantCulture) ?? Sha1Hex ?? string.Empty;

    private static string Excerpt(string text) =>
        string.Concat(text.Take(40).Select(c => char.IsControl(c) || c > '~' ? '?' : c)) + (text.Length > 40 ? "…" : string.Empty);

    [GeneratedRegex(@"^(?<hex>[0-9a-fA-F]{40})([ \t]+[^\r\n]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Line();
}

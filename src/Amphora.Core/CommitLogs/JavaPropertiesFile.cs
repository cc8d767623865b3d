using System.Globalization;
using System.Text;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// A Java <c>.properties</c> file as <c>java.util.Properties.load</c> reads it (comments, <c>=</c>, <c>:</c> or blank as
/// separator, backslash escapes and continuation lines), edited so that every line not touched keeps its text.
/// </summary>
public sealed class JavaPropertiesFile
{
    private readonly List<Line> lines;

    private JavaPropertiesFile(List<Line> lines) => this.lines = lines;

    /// <summary>One logical entry (possibly several physical lines) or a comment/blank line (<see cref="Key"/> null).</summary>
    private sealed record Line(string Text, string? Key, string? Value);

    public static JavaPropertiesFile Empty() => new([]);

    public static JavaPropertiesFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var physical = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = physical.Length > 0 && physical[^1].Length == 0 ? physical.Length - 1 : physical.Length;
        var lines = new List<Line>();
        for (var i = 0; i < count; i++)
        {
            var raw = new StringBuilder(physical[i]);
            var logical = new StringBuilder(physical[i].TrimStart(' ', '\t', '\f'));
            if (logical.Length == 0 || logical[0] is '#' or '!')
            {
                lines.Add(new Line(physical[i], null, null));
                continue;
            }

            while (EndsWithContinuation(logical) && i + 1 < count)
            {
                logical.Length--;
                i++;
                raw.Append('\n').Append(physical[i]);
                logical.Append(physical[i].TrimStart(' ', '\t', '\f'));
            }

            if (EndsWithContinuation(logical))
            {
                logical.Length--;
            }

            var (key, value) = SplitEntry(logical.ToString());
            lines.Add(new Line(raw.ToString(), key, value));
        }

        return new JavaPropertiesFile(lines);
    }

    public static async Task<JavaPropertiesFile> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>The value Java would see: the last entry of the key wins.</summary>
    public string? Get(string key) => lines.LastOrDefault(l => l.Key == key)?.Value;

    public IEnumerable<string> Keys => lines.Where(l => l.Key is not null).Select(l => l.Key!).Distinct(StringComparer.Ordinal);

    /// <summary>Replaces the key's first entry in place (dropping later duplicates), or appends it.</summary>
    public void Set(string key, string value)
    {
        var entry = new Line($"{Escape(key, isKey: true)}={Escape(value, isKey: false)}", key, value);
        var first = lines.FindIndex(l => l.Key == key);
        if (first < 0)
        {
            lines.Add(entry);
            return;
        }

        lines[first] = entry;
        for (var i = lines.Count - 1; i > first; i--)
        {
            if (lines[i].Key == key)
            {
                lines.RemoveAt(i);
            }
        }
    }

    /// <summary>Removes every entry of the key; returns whether there was one.</summary>
    public bool Remove(string key) => lines.RemoveAll(l => l.Key == key) > 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.Text).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the file atomically: a temporary file beside it, flushed, then renamed over it.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(ToString()), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static bool EndsWithContinuation(StringBuilder line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitEntry(string line)
    {
        var index = 0;
        var key = new StringBuilder();
        while (index < line.Length && line[index] is not ('=' or ':' or ' ' or '\t' or '\f'))
        {
            index = AppendUnescaped(line, index, key);
        }

        while (index < line.Length && line[index] is ' ' or '\t' or '\f')
        {
            index++;
        }

        if (index < line.Length && line[index] is '=' or ':')
        {
            index++;
            while (index < line.Length && line[index] is ' ' or '\t' or '\f')
            {
                index++;
            }
        }

        var value = new StringBuilder();
        while (index < line.Length)
        {
            index = AppendUnescaped(line, index, value);
        }

        return (key.ToString(), value.ToString());
    }

    /// <summary>Appends the character at <paramref name="index"/>, resolving a backslash escape; returns the next index.</summary>
    private static int AppendUnescaped(string line, int index, StringBuilder target)
    {
        if (line[index] != '\\' || index + 1 >= line.Length)
        {
            target.Append(line[index]);
            return index + 1;
        }

        var escaped = line[index + 1];
        switch (escaped)
        {
            case 't': target.Append('\t'); return index + 2;
            case 'n': target.Append('\n'); return index + 2;
            case 'r': target.Append('\r'); return index + 2;
            case 'f': target.Append('\f'); return index + 2;
            case 'u' when index + 6 <= line.Length
                && int.TryParse(line.AsSpan(index + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                target.Append((char)code);
                return index + 6;
            default: target.Append(escaped); return index + 2;
        }
    }

    private static string Escape(string text, bool isKey)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case '\t': escaped.Append(@"\t"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\r': escaped.Append(@"\r"); break;
                case '\f': escaped.Append(@"\f"); break;
                case '=' or ':' or '#' or '!' when isKey: escaped.Append('\\').Append(c); break;
                case ' ' when isKey || i == 0: escaped.Append(@"\ "); break;
                // Cassandra loads the file from a stream, read as ISO-8859-1: escape as Properties.store does.
                case < ' ' or > '~': escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }
}

using System.Globalization;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// One saved input under Regressions/&lt;parser&gt;/&lt;name&gt;.hex. The file's first line is a comment saying why the case
/// matters; further "# key: value" lines are directives (<c>expect</c>: text the outcome must contain, <c>version</c>: the
/// SSTable version that expectation is for, and for the verifier <c>set</c> and <c>component</c>: which fixture SSTable and
/// which of its components the bytes replace, and <c>drop: Digest</c> to leave the digest out). Every other line is hex,
/// whitespace ignored; a line ending in <c>*N</c>
/// stands for its bytes N times, so 64 KiB inputs stay a few lines long.
/// </summary>
public sealed record RegressionCase(string Parser, string Name, string Why, IReadOnlyDictionary<string, string> Directives, byte[] Bytes)
{
    public static string Root => Path.Combine(Support.RepositoryPaths.Root, "tests", "Amphora.Tests", "SSTables", "Fuzz", "Regressions");

    public string? Directive(string key) => Directives.GetValueOrDefault(key);

    public static RegressionCase Load(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var lines = File.ReadAllLines(Path.Combine(Root, relativePath));
        if (lines.Length == 0 || !lines[0].StartsWith('#'))
        {
            throw new InvalidDataException($"{relativePath} must start with a '# why this case matters' line.");
        }

        var directives = new Dictionary<string, string>(StringComparer.Ordinal);
        var bytes = new List<byte>();
        foreach (var line in lines.Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith('#'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    directives[line[1..colon].Trim()] = line[(colon + 1)..].Trim();
                }

                continue;
            }

            var star = line.LastIndexOf('*');
            var hex = string.Concat((star < 0 ? line : line[..star]).Where(c => !char.IsWhiteSpace(c)));
            var repeat = star < 0 ? 1 : int.Parse(line[(star + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            var chunk = Convert.FromHexString(hex);
            for (var i = 0; i < repeat; i++)
            {
                bytes.AddRange(chunk);
            }
        }

        var parser = Path.GetDirectoryName(relativePath)!;
        return new RegressionCase(parser, Path.GetFileNameWithoutExtension(relativePath), lines[0].TrimStart('#').Trim(), directives, [.. bytes]);
    }

    /// <summary>Every saved case, as paths relative to <see cref="Root"/>.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.hex", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file));
        }

        return data;
    }

    public override string ToString() => $"{Parser}/{Name}: {Why}";
}

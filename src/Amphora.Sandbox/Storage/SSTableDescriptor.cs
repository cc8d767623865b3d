namespace Amphora.Sandbox.Storage;

/// <summary>
/// Where one SSTable lives and what it is called: <c>&lt;dir&gt;/&lt;version&gt;-&lt;id&gt;-&lt;format&gt;-&lt;Component&gt;</c>.
/// </summary>
public sealed record SSTableDescriptor(string Directory, string Version, SSTableId Id, string FormatName)
{
    public string Prefix => $"{Version}-{Id.Text}-{FormatName}";

    public string PathOf(string component) => Path.Combine(Directory, $"{Prefix}-{component}");

    public string DataPath => PathOf(Components.Data);

    /// <summary>Every file of this SSTable present on disk (the TOC lists the components; SAI-style extras share the prefix).</summary>
    public IEnumerable<string> ExistingFiles() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, Prefix + "-*").Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            : [];

    public SSTableDescriptor WithDirectory(string directory) => this with { Directory = directory };

    /// <summary>Parses a 4.x/5.x file name such as <c>nb-3-big-Data.db</c>; null for anything else (txn logs, tmp files...).</summary>
    public static SSTableDescriptor? TryParse(string filePath, out string component)
    {
        component = string.Empty;
        var name = Path.GetFileName(filePath);
        var parts = name.Split('-', 4);
        if (parts.Length != 4 || parts[0].Length != 2 || !SSTableId.TryParse(parts[1], out var id) || parts[2] is not ("big" or "bti"))
        {
            return null;
        }

        if (name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return null;
        }

        component = parts[3];
        return new SSTableDescriptor(Path.GetDirectoryName(filePath)!, parts[0], id!, parts[2]);
    }
}

using System.Text.RegularExpressions;

namespace Amphora.Core.Backup;

/// <summary>One table's directory in one data directory: <c>&lt;data_dir&gt;/&lt;ks&gt;/&lt;table&gt;-&lt;32 hex id&gt;</c> (or <c>&lt;table&gt;</c> before 2.1).</summary>
public sealed partial record TableDirectory(string Keyspace, string Table, string? TableId, int DataDirectory, string Path)
{
    public static TableDirectory? TryParse(string keyspace, string directoryName, int dataDirectory, string path)
    {
        var match = TableDirectoryName().Match(directoryName);
        return match.Success && KeyspaceName().IsMatch(keyspace)
            ? new TableDirectory(keyspace, match.Groups["table"].Value, match.Groups["id"].Success ? match.Groups["id"].Value : null, dataDirectory, path)
            : null;
    }

    [GeneratedRegex(@"^(?<table>[A-Za-z0-9_]+?)(-(?<id>[0-9a-f]{32}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TableDirectoryName();

    [GeneratedRegex(@"^[A-Za-z0-9_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyspaceName();
}

using System.Buffers;
using System.Globalization;
using Amphora.Core.SSTables;

namespace Amphora.Core.Repository;

/// <summary>
/// What a path in a manifest may look like: relative to the table's snapshot directory, an optional secondary-index
/// directory (<c>.&lt;index&gt;/</c>) then a file name, all printable ASCII as Cassandra's own names are. A restore joins
/// these paths to a directory on the node, so anything that could leave it (<c>..</c>, absolute paths, drive letters,
/// backslashes) or look like something it is not (control characters, look-alike Unicode, right-to-left overrides) is refused.
/// </summary>
public static class TableFilePath
{
    /// <summary>Linux's PATH_MAX; a longer path cannot be created anyway.</summary>
    public const int MaxLength = 4096;

    private static readonly SearchValues<char> IndexNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Why the path is not a table file path, or null when it is one.</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > MaxLength)
        {
            return $"is {path.Length} characters long; a path has 1 to {MaxLength}";
        }

        foreach (var c in path)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return $"holds the control character {CodePoint(c)}";
            }

            if (!char.IsAscii(c))
            {
                return $"holds the non-ASCII character {CodePoint(c)}; Cassandra's file names are ASCII";
            }

            if (c == '\\')
            {
                return "holds a backslash; paths in a manifest use '/'";
            }
        }

        if (path[0] == '/')
        {
            return "is absolute; it must be relative to the table's directory";
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return "starts with a drive letter; it must be relative to the table's directory";
        }

        var segments = path.Split('/');
        if (segments.Any(s => s is "." or ".."))
        {
            return "has a '.' or '..' segment, which could leave the table's directory";
        }

        if (segments.Any(s => s.Length == 0))
        {
            return "has an empty segment ('//' or a trailing '/')";
        }

        if (segments.Length > 2)
        {
            return $"has {segments.Length} segments; a table file is a file name, optionally under one '.<index>/' directory";
        }

        if (segments.Length == 2 && !IsIndexDirectory(segments[0]))
        {
            return $"is under '{segments[0]}', which is not a secondary-index directory ('.' then letters, digits, '_' or '-')";
        }

        return segments[^1].Contains(':', StringComparison.Ordinal) ? "has ':' in its file name" : null;
    }

    /// <summary>Why the prefix is not an SSTable's path prefix (such as <c>nb-1-big-</c> or <c>.idx/nb-1-big-</c>), or null when it is one.</summary>
    public static string? SSTablePrefixProblem(string prefix)
    {
        if (Problem(prefix) is { } problem)
        {
            return problem;
        }

        var fileNamePart = FileName(prefix);
        return SSTableFileName.TryParse(fileNamePart + "Data.db", out var name) && name.Prefix == fileNamePart
            ? null
            : $"ends in '{fileNamePart}', which is not an SSTable prefix such as 'nb-1-big-'";
    }

    /// <summary>The last segment: the file name itself.</summary>
    public static string FileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path[(path.LastIndexOf('/') + 1)..];
    }

    /// <summary>The index directory with its '/', or empty for a file of the table itself.</summary>
    public static string Directory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path[..(path.LastIndexOf('/') + 1)];
    }

    // Cassandra names an index directory '.' + the index name, which is \w+; '-' is allowed too, as in snapshot names.
    private static bool IsIndexDirectory(string segment) =>
        segment.Length >= 2 && segment[0] == '.' && !segment.AsSpan(1).ContainsAnyExcept(IndexNameCharacters);

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}

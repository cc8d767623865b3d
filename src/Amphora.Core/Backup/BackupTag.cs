using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.Backup;

/// <summary>
/// Backup names. They become a snapshot name (Cassandra's loader accepts only <c>[\w-]+</c>) and an object key segment,
/// so they are limited to letters, digits, '_' and '-'.
/// </summary>
public static partial class BackupTag
{
    public const string SnapshotPrefix = "amphora-";

    public static string Default(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>An incremental pass's tag: <c>inc-20261122-101530-123</c> (UTC, milliseconds: passes may come seconds apart).</summary>
    public static string Incremental(DateTimeOffset now) => "inc-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);

    /// <summary>What a tag may be, for messages.</summary>
    public const string Rule = "1 to 100 letters, digits, '_' or '-', starting with a letter or digit";

    public static string Validate(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return IsValid(tag) ? tag : throw new ArgumentException($"'{tag}' is not a usable backup tag: use {Rule}.");
    }

    public static bool IsValid(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return Valid().IsMatch(tag);
    }

    // \z, not $: $ also matches before a final newline, which would let "tag\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}

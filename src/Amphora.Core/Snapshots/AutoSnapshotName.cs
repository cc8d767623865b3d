using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.Snapshots;

/// <summary>
/// The name Cassandra gives an automatic snapshot (Keyspace.getTimestampedSnapshotNameWithPrefix):
/// <c>dropped-&lt;ms&gt;-&lt;table&gt;</c> or <c>truncated-&lt;ms&gt;-&lt;table&gt;</c>, ms being the Unix time in milliseconds.
/// </summary>
public sealed partial record AutoSnapshotName(AutoSnapshotKind Kind, DateTimeOffset TakenAt, string Table)
{
    /// <summary>The parsed name, or null for any other snapshot name (an operator's, Amphora's, a malformed one).</summary>
    public static AutoSnapshotName? TryParse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = Pattern().Match(name);
        if (!match.Success || !long.TryParse(match.Groups["ms"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var kind = match.Groups["kind"].Value == "dropped" ? AutoSnapshotKind.Dropped : AutoSnapshotKind.Truncated;
        return new AutoSnapshotName(kind, DateTimeOffset.FromUnixTimeMilliseconds(ms), match.Groups["table"].Value);
    }

    [GeneratedRegex(@"^(?<kind>dropped|truncated)-(?<ms>[0-9]{1,18})-(?<table>[A-Za-z0-9_]{1,222})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

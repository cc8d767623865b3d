using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.Repository;

/// <summary>
/// The index objects that make listing cheap. A node backup writes <c>started.&lt;time&gt;.json</c> before it uploads anything
/// and <c>complete.&lt;time&gt;.files-N.bytes-N.new-N.json</c> after its manifest is durable. Everything a listing shows is in
/// the key names, so listing thousands of backups is a LIST of <c>index/</c>, not a read per backup or per content object.
/// The bodies repeat the same facts in JSON for people and tools reading the location directly.
/// </summary>
public static partial class BackupMarker
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss.fff'Z'";

    public static string StartedKey(string cluster, string tag, Guid hostId, DateTimeOffset startedAt) =>
        $"{RepositoryKeys.NodeIndexPrefix(cluster, tag, hostId)}started.{Stamp(startedAt)}.json";

    public static string CompleteKey(string cluster, string tag, Guid hostId, DateTimeOffset finishedAt, long files, long bytes, long newBytes) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{RepositoryKeys.NodeIndexPrefix(cluster, tag, hostId)}complete.{Stamp(finishedAt)}.files-{files}.bytes-{bytes}.new-{newBytes}.json");

    /// <summary>
    /// Folds the listing of <c>index/</c> into one summary per node backup. Keys are untrusted: anything that is not a
    /// well-formed marker (an invalid tag, an impossible time, counts that overflow) is ignored, never followed.
    /// </summary>
    public static IReadOnlyList<NodeBackupSummary> Summarize(IEnumerable<string> indexKeys)
    {
        var parts = new Dictionary<(string Cluster, string Tag, Guid Host), NodeBackupSummary>();
        foreach (var key in indexKeys)
        {
            var match = MarkerKey().Match(key);
            if (!match.Success || !Guid.TryParse(match.Groups["host"].Value, out var host) || !Backup.BackupTag.IsValid(match.Groups["tag"].Value)
                || !TryParseStamp(match.Groups["time"].Value, out var time))
            {
                continue;
            }

            var id = (RepositoryKeys.DecodeSegment(match.Groups["cluster"].Value), match.Groups["tag"].Value, host);
            var part = parts.GetValueOrDefault(id) ?? new NodeBackupSummary(id.Item1, id.Item2, host, null, null);
            if (match.Groups["kind"].Value == "started")
            {
                parts[id] = part with { StartedAt = time };
            }
            else if (Count(match, "files") is { } files && Count(match, "bytes") is { } bytes && Count(match, "new") is { } newBytes)
            {
                parts[id] = part with { Completion = new NodeBackupCompletion(time, files, bytes, newBytes) };
            }
        }

        return [.. parts.Values];
    }

    private static long? Count(Match match, string group) =>
        long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool TryParseStamp(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    [GeneratedRegex(@"^index/(?<cluster>[^/]+)/(?<tag>[^/]+)/(?<host>[^/]+)/(?<kind>started|complete)\.(?<time>\d{8}T\d{6}\.\d{3}Z)(\.files-(?<files>\d+)\.bytes-(?<bytes>\d+)\.new-(?<new>\d+))?\.json\z")]
    private static partial Regex MarkerKey();
}

/// <summary>One node's part of a backup as the index shows it. A part with no start marker was left by an interrupted delete.</summary>
public sealed record NodeBackupSummary(string Cluster, string Tag, Guid HostId, DateTimeOffset? StartedAt, NodeBackupCompletion? Completion)
{
    public bool IsComplete => Completion is not null;
}

/// <summary>What a completed node backup recorded: when it finished, its files and bytes, and the bytes it uploaded new.</summary>
public sealed record NodeBackupCompletion(DateTimeOffset FinishedAt, long Files, long Bytes, long NewBytes);

using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.Repository;

/// <summary>
/// The index objects that make listing cheap. A node backup writes <c>started.&lt;time&gt;.json</c> before it uploads anything
/// and <c>complete.&lt;time&gt;.files-N.bytes-N.new-N.json</c> after its manifest is durable; an incremental backup's markers
/// end in <c>.incremental.json</c> instead (no suffix: a snapshot). Everything a listing, a purge or a restore's choice of
/// backups needs is in the key names, so listing thousands of backups is a LIST of <c>index/</c>, not a read per backup or
/// per content object.
/// The bodies repeat the same facts in JSON for people and tools reading the location directly.
/// </summary>
public static partial class BackupMarker
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss.fff'Z'";

    public static string StartedKey(string cluster, string tag, Guid hostId, DateTimeOffset startedAt, string kind = BackupKind.Snapshot) =>
        $"{RepositoryKeys.NodeIndexPrefix(cluster, tag, hostId)}started.{Stamp(startedAt)}{Suffix(kind)}.json";

    public static string CompleteKey(
        string cluster, string tag, Guid hostId, DateTimeOffset finishedAt, long files, long bytes, long newBytes, string kind = BackupKind.Snapshot) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{RepositoryKeys.NodeIndexPrefix(cluster, tag, hostId)}complete.{Stamp(finishedAt)}.files-{files}.bytes-{bytes}.new-{newBytes}{Suffix(kind)}.json");

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
            var kind = match.Groups["incremental"].Success ? BackupKind.Incremental : BackupKind.Snapshot;
            var part = parts.GetValueOrDefault(id) ?? new NodeBackupSummary(id.Item1, id.Item2, host, null, null, kind);
            if (match.Groups["marker"].Value == "started")
            {
                // The complete marker, written last, has the final word on the kind.
                parts[id] = part.IsComplete ? part with { StartedAt = time } : part with { StartedAt = time, Kind = kind };
            }
            else if (Count(match, "files") is { } files && Count(match, "bytes") is { } bytes && Count(match, "new") is { } newBytes)
            {
                parts[id] = part with { Completion = new NodeBackupCompletion(time, files, bytes, newBytes), Kind = kind };
            }
        }

        return [.. parts.Values];
    }

    private static long? Count(Match match, string group) =>
        long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Suffix(string kind) => kind switch
    {
        BackupKind.Snapshot => string.Empty,
        BackupKind.Incremental => "." + BackupKind.Incremental,
        _ => throw new ArgumentException($"'{kind}' is not a backup kind ('{BackupKind.Snapshot}' or '{BackupKind.Incremental}').", nameof(kind)),
    };

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool TryParseStamp(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    [GeneratedRegex(@"^index/(?<cluster>[^/]+)/(?<tag>[^/]+)/(?<host>[^/]+)/(?<marker>started|complete)\.(?<time>\d{8}T\d{6}\.\d{3}Z)(\.files-(?<files>\d+)\.bytes-(?<bytes>\d+)\.new-(?<new>\d+))?(\.(?<incremental>incremental))?\.json\z")]
    private static partial Regex MarkerKey();
}

/// <summary>
/// One node's part of a backup as the index shows it. A part with no start marker was left by an interrupted delete.
/// <see cref="Kind"/> is <see cref="BackupKind.Snapshot"/> or <see cref="BackupKind.Incremental"/>, from the markers' keys.
/// </summary>
public sealed record NodeBackupSummary(
    string Cluster, string Tag, Guid HostId, DateTimeOffset? StartedAt, NodeBackupCompletion? Completion, string Kind = BackupKind.Snapshot)
{
    public bool IsComplete => Completion is not null;
}

/// <summary>What a completed node backup recorded: when it finished, its files and bytes, and the bytes it uploaded new.</summary>
public sealed record NodeBackupCompletion(DateTimeOffset FinishedAt, long Files, long Bytes, long NewBytes);

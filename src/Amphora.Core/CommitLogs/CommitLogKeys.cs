using Amphora.Core.Repository;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// Where archived segments live in a repository (docs/repository-format.md, "Commit log segments"):
/// <c>commitlog/&lt;cluster&gt;/&lt;host-id&gt;/&lt;segment file name&gt;</c> holds the bytes verbatim, and the same key plus
/// <c>.json</c> the segment's record, written once the bytes are durable.
/// </summary>
public static class CommitLogKeys
{
    public const string Prefix = "commitlog/";
    public const string RecordSuffix = ".json";

    public static string NodePrefix(string cluster, Guid hostId) => $"{Prefix}{RepositoryKeys.Segment(cluster)}/{hostId:D}/";

    public static string Segment(string cluster, Guid hostId, CommitLogSegmentName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NodePrefix(cluster, hostId) + name.FileName;
    }

    public static string Record(string cluster, Guid hostId, CommitLogSegmentName name) => Segment(cluster, hostId, name) + RecordSuffix;

    /// <summary>
    /// Splits a record key into its decoded cluster, host id and file name (which may still not be a segment name); false
    /// for any other key under <see cref="Prefix"/> (a segment's bytes, something foreign).
    /// </summary>
    public static bool TryParseRecord(string key, out string cluster, out Guid hostId, out string fileName)
    {
        ArgumentNullException.ThrowIfNull(key);
        (cluster, hostId, fileName) = (string.Empty, Guid.Empty, string.Empty);
        var parts = key.Split('/');
        if (parts.Length != 4 || parts[0] + "/" != Prefix || !parts[3].EndsWith(RecordSuffix, StringComparison.Ordinal)
            || !Guid.TryParseExact(parts[2], "D", out var parsed) || parts[2] != parsed.ToString("D"))
        {
            return false;
        }

        (cluster, hostId, fileName) = (RepositoryKeys.DecodeSegment(parts[1]), parsed, parts[3][..^RecordSuffix.Length]);
        return true;
    }
}

namespace Amphora.Core.CommitLogs;

/// <summary>
/// One commit log segment archived in a location (its bytes and its record both durable), as a point-in-time restore
/// finds it. <see cref="Key"/> is the key of the segment's bytes.
/// </summary>
public sealed record ArchivedSegment(
    string Cluster,
    Guid HostId,
    string Name,
    int CommitLogVersion,
    long SegmentId,
    long Size,
    string Sha256,
    DateTimeOffset ClosedAt,
    DateTimeOffset UploadedAt,
    string Key);

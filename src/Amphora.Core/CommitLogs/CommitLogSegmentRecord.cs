using System.Text.Json.Serialization;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// <c>commitlog/&lt;cluster&gt;/&lt;host-id&gt;/&lt;segment&gt;.json</c>: written after the segment's bytes are durable, so a
/// segment without it is not archived. <see cref="ClosedAt"/> is the segment file's last write (its mtime).
/// </summary>
public sealed record CommitLogSegmentRecord
{
    public const string FormatName = "amphora-commitlog-segment";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentVersion;

    public required string Cluster { get; init; }

    public required Guid HostId { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }

    public required string Hostname { get; init; }

    public required string Name { get; init; }

    [JsonPropertyName("commitlog_version")]
    public required int CommitLogVersion { get; init; }

    public required long SegmentId { get; init; }

    public required long Size { get; init; }

    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    public required DateTimeOffset ClosedAt { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }
}

namespace Amphora.Core.Repository;

/// <summary>The JSON inside an index marker: the key's facts again, plus where the node stood, for people reading the location.</summary>
public sealed record BackupMarkerBody
{
    public string Format { get; init; } = "amphora-backup-marker";

    public int FormatVersion { get; init; } = 1;

    public required string Cluster { get; init; }

    public required string Tag { get; init; }

    /// <summary><see cref="BackupKind.Snapshot"/> or <see cref="BackupKind.Incremental"/>, as the key's suffix says.</summary>
    public string Kind { get; init; } = BackupKind.Snapshot;

    public required Guid HostId { get; init; }

    public required string Datacenter { get; init; }

    public required string Rack { get; init; }

    public required string Hostname { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public long? Files { get; init; }

    public long? Bytes { get; init; }

    public long? NewBytes { get; init; }
}

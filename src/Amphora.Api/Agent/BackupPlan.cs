namespace Amphora.Api.Agent;

/// <summary>
/// A dry run's answer for one node: the live SSTable files of the selected tables, and how much of them the location lacks.
/// Files the agent has hashed before are checked against the location; files it has never hashed count as to be uploaded,
/// so <see cref="BytesToUpload"/> is an upper bound.
/// </summary>
public sealed record BackupPlan
{
    public required string Location { get; init; }

    public required IReadOnlyList<string> Tables { get; init; }

    public required long Files { get; init; }

    public required long Bytes { get; init; }

    public required long FilesToUpload { get; init; }

    public required long BytesToUpload { get; init; }
}

namespace Amphora.Api.Server;

/// <summary>One run of a task: the cluster backup it writes (its tag), its status and every node's part.</summary>
public sealed record RunInfo
{
    public required Guid Id { get; init; }

    public required Guid TaskId { get; init; }

    public required string Tag { get; init; }

    /// <summary>One of <see cref="RunStatus"/>.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public required IReadOnlyList<NodeRunInfo> Nodes { get; init; }
}

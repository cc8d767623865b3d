namespace Amphora.Api.Agent;

/// <summary>An agent job as the server polls it: state, current stage, per-table counters, and the error if it failed.</summary>
public sealed record JobStatus
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>One of <see cref="JobState"/>.</summary>
    public required string State { get; init; }

    public string? Stage { get; init; }

    public string? Error { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public required IReadOnlyList<TableProgress> Tables { get; init; }

    /// <summary>Kind-specific outcome lines (the backup result, the restore summary...), once the job has ended.</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];
}

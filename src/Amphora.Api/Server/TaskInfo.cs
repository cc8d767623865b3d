namespace Amphora.Api.Server;

/// <summary>A task as <c>amphora task list/show</c> print it.</summary>
public sealed record TaskInfo
{
    public required Guid Id { get; init; }

    public required string Cluster { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required BackupTaskSpec Spec { get; init; }

    /// <summary>False once stopped by the operator or deleted; a stopped task keeps its last run for start.</summary>
    public required bool Enabled { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>The newest run, if any.</summary>
    public RunInfo? LastRun { get; init; }

    /// <summary>Failed runs in a row (retries used).</summary>
    public int ConsecutiveFailures { get; init; }
}

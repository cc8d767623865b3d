using Amphora.Api.Agent;

namespace Amphora.Api.Server;

/// <summary><c>amphora task backup --dry-run</c>: what a run would do, nothing done.</summary>
public sealed record BackupDryRun
{
    public required IReadOnlyList<NodeDryRun> Nodes { get; init; }

    /// <summary>The location each selected datacenter writes to.</summary>
    public required IReadOnlyDictionary<string, string> Locations { get; init; }

    public required string Limits { get; init; }

    public required string Retention { get; init; }

    public required string Schedule { get; init; }

    public required IReadOnlyList<DateTimeOffset> NextRuns { get; init; }
}

public sealed record NodeDryRun(Guid HostId, string Agent, string Datacenter, BackupPlan Plan);

namespace Amphora.Api.Agent;

/// <summary>What a backup of the node would take and send, without taking a snapshot or writing anything (dry run).</summary>
public sealed record BackupPlanRequest(string? Tables, string Locations);

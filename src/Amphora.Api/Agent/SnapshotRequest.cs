namespace Amphora.Api.Agent;

/// <summary>Take a local snapshot named <see cref="Name"/> of the keyspaces holding the tables <see cref="Tables"/> selects (-K globs; null: all).</summary>
public sealed record SnapshotRequest(string Name, string? Tables);

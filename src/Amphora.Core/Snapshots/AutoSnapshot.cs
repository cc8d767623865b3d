namespace Amphora.Core.Snapshots;

/// <summary>
/// One automatic snapshot of one table on this node, what an operator needs to pick one to restore from: when and why it
/// was taken, how big it is, and whether the table has been created again since (a newer table directory, i.e. a new id).
/// </summary>
public sealed record AutoSnapshot(
    string Name,
    AutoSnapshotKind Kind,
    string Keyspace,
    string Table,
    string? TableId,
    DateTimeOffset TakenAt,
    int Files,
    long Size,
    string? NewerTableId)
{
    /// <summary>The table was dropped and created again: its live directory has a newer id than the snapshot's.</summary>
    public bool Recreated => NewerTableId is not null;
}

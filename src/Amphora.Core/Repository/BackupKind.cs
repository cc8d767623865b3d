namespace Amphora.Core.Repository;

/// <summary>
/// What a node backup holds. A snapshot is a full copy of the node's selected tables at one moment; an incremental is the
/// SSTables Cassandra linked into the tables' <c>backups/</c> directories since the previous pass (incremental_backups:
/// true), usable only on top of a snapshot taken before it.
/// </summary>
public static class BackupKind
{
    public const string Snapshot = "snapshot";

    public const string Incremental = "incremental";

    public static bool IsKnown(string? kind) => kind is Snapshot or Incremental;
}

namespace Amphora.Core.CommitLogs;

/// <summary>What one pass over the spool did. Segments not in <see cref="Shipped"/> or <see cref="AlreadyArchived"/> keep their spool link.</summary>
public sealed record ShipReport
{
    /// <summary>Uploaded in this pass (bytes and record), then unlinked from the spool.</summary>
    public List<(string Name, long Size)> Shipped { get; } = [];

    /// <summary>The location already held them with the same SHA-256: only unlinked from the spool.</summary>
    public List<string> AlreadyArchived { get; } = [];

    /// <summary>The location holds a different segment (or an unreadable record) under the name: never overwritten, kept in the spool.</summary>
    public List<(string Name, string Problem)> Conflicts { get; } = [];

    /// <summary>Files in the spool that are not segments: reported, left alone.</summary>
    public List<string> Foreign { get; } = [];
}

using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>What the operator asked of an incremental backup pass (or of each pass of a watch).</summary>
public sealed record IncrementalBackupRequest
{
    /// <summary>-K globs; null means every table but node-local system ones.</summary>
    public string? Tables { get; init; }

    /// <summary>Files hashed and uploaded at once.</summary>
    public int Parallelism { get; init; } = 4;

    public LockOptions Lock { get; init; } = new();

    /// <summary>Refuses a bad -K pattern or parallelism before anything touches the node or the location.</summary>
    public void Validate() => new BackupRequest { Tables = Tables, Parallelism = Parallelism }.Validate();
}

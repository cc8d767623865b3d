using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>What the operator asked of one node backup.</summary>
public sealed record BackupRequest
{
    /// <summary>The backup's name; default: the existing snapshot's name, else the UTC start time (20261122-101530).</summary>
    public string? Tag { get; init; }

    /// <summary>-K globs; null means every table but node-local system ones.</summary>
    public string? Tables { get; init; }

    public bool KeepSnapshot { get; init; }

    /// <summary>Back up this snapshot, already on the node, instead of taking one (it is left in place).</summary>
    public string? ExistingSnapshot { get; init; }

    /// <summary>
    /// Continue this node's part of <see cref="Tag"/> when an earlier stopped or failed run left it incomplete (started marker
    /// only) instead of refusing the tag; a complete part is still refused.
    /// </summary>
    public bool ContinueIncomplete { get; init; }

    /// <summary>Files hashed and uploaded at once.</summary>
    public int Parallelism { get; init; } = 4;

    public LockOptions Lock { get; init; } = new();

    /// <summary>Refuses a bad tag, -K pattern or parallelism before anything touches the node or the location.</summary>
    public void Validate()
    {
        if (Tag is not null)
        {
            BackupTag.Validate(Tag);
        }

        _ = new TableFilter(Tables);
        if (Parallelism < 1)
        {
            throw new ArgumentException($"--parallel {Parallelism}: upload at least 1 file at a time.");
        }
    }
}

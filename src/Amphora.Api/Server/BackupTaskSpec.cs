namespace Amphora.Api.Server;

/// <summary>
/// <c>amphora task backup</c>: what to back up, where, when, how fast, and how long to keep it. Parallelism and rate limits
/// apply per datacenter, as Scylla Manager's do.
/// </summary>
public sealed record BackupTaskSpec
{
    /// <summary>The task's name, unique in its cluster; backup tags are <c>NAME-yyyyMMdd-HHmmss</c>. Default: backup-N.</summary>
    public string? Name { get; init; }

    /// <summary>-K keyspace/table globs with '!' exclusions; null: every table but node-local system ones.</summary>
    public string? Tables { get; init; }

    /// <summary>Datacenter globs with '!' exclusions (<c>dc*,!dc3</c>); null: every datacenter.</summary>
    public string? Datacenters { get; init; }

    /// <summary>One location, or one per datacenter (<c>dc1:s3:bucket-eu,dc2:s3:bucket-us</c>).</summary>
    public required string Locations { get; init; }

    /// <summary>Five-field cron expression (minute hour day-of-month month day-of-week); exclusive with <see cref="Interval"/>.</summary>
    public string? Cron { get; init; }

    /// <summary>Run every interval (<c>30m</c>, <c>1h</c>, <c>1d</c>) from <see cref="StartAt"/>; neither cron nor interval: run once.</summary>
    public string? Interval { get; init; }

    /// <summary>First run not before this time (default: now).</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>IANA time zone the cron expression is read in (default UTC).</summary>
    public string? TimeZone { get; init; }

    /// <summary>Keep this many newest complete backups of this task per node; applied after every successful run.</summary>
    public int? RetentionCount { get; init; }

    /// <summary>Keep this task's complete backups finished within this many days.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Nodes snapshotted at once per datacenter (0: all at once, the default, so snapshots are close in time).</summary>
    public int SnapshotParallel { get; init; }

    /// <summary>Nodes uploading at once per datacenter (0: all).</summary>
    public int UploadParallel { get; init; }

    /// <summary>Files in flight per node.</summary>
    public int Transfers { get; init; } = 4;

    /// <summary>Per-node MiB/s, as <c>50</c> or <c>dc1:100,dc2:20,50</c> (the entry without a datacenter is the default).</summary>
    public string? RateLimit { get; init; }

    /// <summary>Runs started again after a failed one before the task waits for its next scheduled time.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Wait before the first retry (<c>10m</c>); doubles after each further failure.</summary>
    public string RetryWait { get; init; } = "10m";

    /// <summary>Incomplete backups of this task older than this are purged after a successful run.</summary>
    public string IncompleteGrace { get; init; } = "1d";
}

using Amphora.Core.Configuration;
using System.Globalization;
using System.Text.RegularExpressions;
using Amphora.Api.Server;
using Amphora.Core.Backup;
using Amphora.Server.Scheduling;
using Amphora.Storage;

namespace Amphora.Server.Tasks;

/// <summary>
/// Checks a <see cref="BackupTaskSpec"/> against the cluster it is for, before anything is stored or run; every error is an
/// <see cref="ArgumentException"/> naming the option and what to write instead.
/// </summary>
public static partial class BackupTaskValidation
{
    /// <summary>
    /// The spec as the server keeps it (name and start time filled in) and the datacenters it selects.
    /// <paramref name="existingNames"/> are the cluster's task names, to pick a default name.
    /// </summary>
    public static (BackupTaskSpec Spec, IReadOnlyList<string> Datacenters, TaskSchedule Schedule) Validate(
        BackupTaskSpec spec, ClusterInfo cluster, IReadOnlyCollection<string> existingNames, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(existingNames);
        var name = spec.Name ?? Enumerable.Range(1, existingNames.Count + 1).Select(n => string.Create(CultureInfo.InvariantCulture, $"backup-{n}"))
            .First(candidate => !existingNames.Contains(candidate));
        if (!TaskName().IsMatch(name))
        {
            throw new ArgumentException($"--name '{name}' is not a task name: use 1-64 letters, digits, '-' and '_' (it starts every backup tag).");
        }

        var datacenters = DatacenterSelection.Select(spec.Datacenters, cluster.Nodes.Select(node => node.Datacenter).ToList());
        var locations = LocationList.Parse(spec.Locations);
        foreach (var datacenter in datacenters)
        {
            locations.For(datacenter);
        }

        _ = new TableFilter(spec.Tables);
        var limits = RateLimits.Parse(spec.RateLimit);
        foreach (var datacenter in limits.PerDatacenter.Keys.Where(dc => !datacenters.Contains(dc)))
        {
            throw new ArgumentException($"--rate-limit names datacenter {datacenter}, which the task does not back up ({string.Join(", ", datacenters)}).");
        }

        AtLeast(spec.SnapshotParallel, 0, "--snapshot-parallel");
        AtLeast(spec.UploadParallel, 0, "--upload-parallel");
        AtLeast(spec.Transfers, 1, "--transfers");
        AtLeast(spec.Retries, 0, "--retries");
        if (spec.RetentionCount is { } count)
        {
            AtLeast(count, 1, "--retention");
        }

        if (spec.RetentionDays is { } days)
        {
            AtLeast(days, 1, "--retention-days");
        }

        DurationText.Parse(spec.RetryWait, "--retry-wait");
        DurationText.Parse(spec.IncompleteGrace, "--incomplete-grace");
        var normalized = spec with { Name = name, StartAt = spec.StartAt ?? now, TimeZone = spec.TimeZone ?? "UTC" };
        return (normalized, datacenters, TaskSchedule.Of(normalized, now));
    }

    /// <summary>The limits a dry run prints.</summary>
    public static string LimitsText(BackupTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        static string All(int n) => n == 0 ? "all" : n.ToString(CultureInfo.InvariantCulture);
        var rate = string.IsNullOrWhiteSpace(spec.RateLimit) ? "unlimited" : spec.RateLimit + " MiB/s per node";
        return string.Create(CultureInfo.InvariantCulture,
            $"snapshot parallel {All(spec.SnapshotParallel)} nodes per DC, upload parallel {All(spec.UploadParallel)} nodes per DC, {spec.Transfers} transfers per node, rate {rate}, {spec.Retries} retries after {spec.RetryWait} (doubling)");
    }

    /// <summary>The retention a dry run prints.</summary>
    public static string RetentionText(BackupTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rules = new List<string>();
        if (spec.RetentionCount is { } count)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"keep the newest {count} backups"));
        }

        if (spec.RetentionDays is { } days)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"keep backups of the last {days} days"));
        }

        return rules.Count == 0
            ? $"keep every backup; purge incomplete ones after {spec.IncompleteGrace}"
            : $"{string.Join(" and ", rules)}; purge incomplete ones after {spec.IncompleteGrace}";
    }

    private static void AtLeast(int value, int minimum, string option)
    {
        if (value < minimum)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} must be {minimum} or more, not {value}."));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskName();
}

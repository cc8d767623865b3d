using Amphora.Api.Server;
using Amphora.Core.Catalog;
using Amphora.Core.Configuration;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Server.Runs;

/// <summary>
/// A task's retention, applied after each successful run to every location the task writes to: its own backups only (this
/// cluster, tags <c>TASKNAME-…</c>), the newest N per node and/or those finished within D days, and its incomplete backups
/// once older than the grace period. Without a count or days every complete backup stays.
/// </summary>
public sealed class RunRetention(StorageSettings storage, LockOptions lockOptions)
{
    public async Task<IReadOnlyList<string>> ApplyAsync(string clusterName, TaskInfo task, IEnumerable<string> locations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(locations);
        var spec = task.Spec;
        var policy = new RetentionPolicy(
            spec.RetentionCount ?? (spec.RetentionDays is null ? int.MaxValue : null),
            spec.RetentionDays is { } days ? TimeSpan.FromDays(days) : null,
            DurationText.Parse(spec.IncompleteGrace, "--incomplete-grace"));
        var prefix = task.Name + "-";
        var report = new List<string>();
        foreach (var location in locations.Distinct(StringComparer.Ordinal))
        {
            var store = StorageLocation.Open(LocationSpec.Parse(location), storage);
            var repository = await BackupRepository.OpenAsync(store, create: false, cancellationToken).ConfigureAwait(false);
            var plan = await new BackupDeletion(repository, lockOptions).PurgeAsync(
                policy, dryRun: false, cancellationToken, part => part.Cluster == clusterName && part.Tag.StartsWith(prefix, StringComparison.Ordinal)).ConfigureAwait(false);
            report.Add($"{location}: removed {plan.NodeBackups.Count} node backups ({string.Join(", ", plan.NodeBackups.Select(p => p.Tag).Distinct(StringComparer.Ordinal))}) and {plan.ContentKeys.Count} content objects");
        }

        return report;
    }
}

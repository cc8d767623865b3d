using Amphora.Bench.Catalog;
using Amphora.Bench.Report;

namespace Amphora.Bench.Phases;

/// <summary>Benchmark 7: backups list over a large catalog, and a purge of its oldest backups.</summary>
public static class CatalogPhase
{
    public static async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        BenchContext.Stage($"7. backups list with {options.CatalogBackups} backups of {options.CatalogNodes} nodes; purge of {options.CatalogPurged}");
        var result = await CatalogBenchmark.RunAsync(context.Cli, context.PathIn("catalog"), options.CatalogBackups, options.CatalogNodes, options.CatalogPurged, cancellationToken)
            .ConfigureAwait(false);
        context.Add(new ResultRow("7", $"backups list, {result.BackupsBefore} backups of {options.CatalogNodes} nodes ({result.NodeBackups} node backups)",
            Units.Seconds(result.ListSeconds), string.Empty, string.Empty, "< 2 s", result.ListSeconds < 2));
        context.Add(new ResultRow("7", $"purge of the {options.CatalogPurged} oldest ({result.NodeBackupsPurged} node backups, {result.ContentObjectsBefore - result.ContentObjectsAfter} content objects)",
            Units.Seconds(result.PurgeSeconds), string.Empty, string.Empty, "< 30 s", result.PurgeSeconds < 30));
        context.Add(new ResultRow("7", $"backups check --no-hash of the {result.BackupsAfter} left", Units.Seconds(result.CheckSeconds), string.Empty, string.Empty, string.Empty, null));
        LocalDiskPhases.DeleteIfPresent(context.PathIn("catalog"));
    }
}

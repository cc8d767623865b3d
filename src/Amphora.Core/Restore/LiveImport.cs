using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>
/// Restores into a running node: files are staged on the node's own disks (one staging directory per data directory, so the
/// node's move is a rename), then loaded table by table with nodetool import (Cassandra 4.0+), or renamed into the table's
/// directories under fresh generations and loaded with nodetool refresh (3.x). The node's live data is never touched.
/// </summary>
public sealed class LiveImport(BackupRepository repository, RestoreTarget target, IRestoreProgress progress, int parallelism)
{
    public async Task<StagedDownloadResult> RunAsync(RestorePlan plan, string? loadWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException($"the node ({target.Node.Description}) is not running: --import loads into a running node; start it, or restore with --in-place.");
        }

        var useImport = loadWith switch
        {
            "import" => true,
            "refresh" => false,
            _ => await SupportsImportAsync(cancellationToken).ConfigureAwait(false),
        };
        var staged = await new StagedDownloader(repository, progress, parallelism).StageAsync(plan, cancellationToken).ConfigureAwait(false);
        var loaded = new LoadedTables(plan.StagingRoots[0]);
        foreach (var table in plan.Tables.Where(t => !loaded.Contains(t.TargetName)))
        {
            progress.Stage($"Loading {table.Files.Count} file(s) into {table.TargetName} with nodetool {(useImport ? "import" : "refresh")}");
            if (useImport)
            {
                await target.Node.ImportAsync(table.TargetKeyspace, table.TargetTable, table.StagingDirectories, cancellationToken).ConfigureAwait(false);
                RequireEmpty(table.StagingDirectories, table.TargetName, "nodetool import");
            }
            else
            {
                RefreshPlacement.MoveIntoTable(table, target.DataDirectories);
                await target.Node.RefreshAsync(table.TargetKeyspace, table.TargetTable, cancellationToken).ConfigureAwait(false);
            }

            loaded.Add(table.TargetName);
        }

        StagedDownloader.DeleteStaging(plan);
        return staged;
    }

    /// <summary>The loader takes every file it accepts; anything left was refused (e.g. failed its verification on the node).</summary>
    public static void RequireEmpty(IEnumerable<string> stagingDirectories, string table, string loader)
    {
        ArgumentNullException.ThrowIfNull(stagingDirectories);
        var left = stagingDirectories.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).ToList();
        if (left.Count > 0)
        {
            throw new IOException(
                $"{loader} left {left.Count} file(s) of {table} in {Path.GetDirectoryName(left[0])}, e.g. {Path.GetFileName(left[0])}: the node refused them " +
                "(see its system.log). They are kept there; run the restore again once the cause is fixed.");
        }
    }

    private async Task<bool> SupportsImportAsync(CancellationToken cancellationToken)
    {
        var version = (await target.Node.IdentifyAsync(cancellationToken).ConfigureAwait(false)).Version;
        return int.TryParse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 4;
    }
}

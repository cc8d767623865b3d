using System.ComponentModel;
using Amphora.Core.Repository;
using Amphora.Nodes;

namespace Amphora.Core.Restore;

/// <summary>
/// Restores into another cluster: each table's files are staged in <c>&lt;staging&gt;/&lt;keyspace&gt;/&lt;table&gt;/</c> (the
/// layout sstableloader takes its keyspace and table from) and streamed by the operator's sstableloader command, table by table.
/// </summary>
public sealed class SSTableLoaderRestore(BackupRepository repository, IRestoreProgress progress, int parallelism)
{
    public async Task<StagedDownloadResult> RunAsync(RestorePlan plan, string loaderCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var command = CommandLineSplitter.Split(loaderCommand);
        if (command.Count == 0)
        {
            throw new ArgumentException("--sstableloader is empty; give the command line, e.g. --sstableloader \"sstableloader -d 10.0.0.1\".");
        }

        var staged = await new StagedDownloader(repository, progress, parallelism).StageAsync(plan, cancellationToken).ConfigureAwait(false);
        var loaded = new LoadedTables(plan.StagingRoots[0]);
        foreach (var table in plan.Tables.Where(t => !loaded.Contains(t.TargetName)))
        {
            var directory = table.StagingDirectories.Single();
            progress.Stage($"Streaming {table.Files.Count} file(s) of {table.TargetName} with {string.Join(' ', command)} {directory}");
            ExternalCommand.Result result;
            try
            {
                result = await ExternalCommand.RunAsync([.. command, directory], cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception e)
            {
                throw new ArgumentException($"cannot run {command[0]}: {e.Message}. Give sstableloader's full path in --sstableloader.", e);
            }

            if (result.ExitCode != 0)
            {
                throw new IOException(
                    $"sstableloader failed for {table.TargetName} (exit code {result.ExitCode}): {result.Output}. The staged files are kept; run the restore again to retry " +
                    "(tables already streamed are not streamed again).");
            }

            loaded.Add(table.TargetName);
        }

        StagedDownloader.DeleteStaging(plan);
        return staged;
    }
}

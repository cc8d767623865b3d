using System.Globalization;
using Amphora.Core.Backup;
using Amphora.Core.IO;
using Amphora.Core.Repository;

namespace Amphora.Core.Restore;

/// <summary>
/// Restores a stopped node's tables in place. Every file is downloaded and verified before anything on the node moves; then
/// the tables' current files and the commit log segments are moved (renamed, on the same filesystem) into a dated rollback
/// folder, never deleted, and the staged files are renamed into the table directories with the directory's owner and mode.
/// </summary>
public sealed class InPlaceRestore(BackupRepository repository, RestoreTarget target, IRestoreProgress progress, int parallelism)
{
    public async Task<InPlaceRestoreResult> RunAsync(RestorePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException(
                $"the node ({target.Node.Description}) is running: an in-place restore needs it stopped (nodetool drain, then stop Cassandra). " +
                "To load a backup into a running node use --import.");
        }

        if (RollbackJournal.FindAll(target.DataDirectories).FirstOrDefault(j => j.State != RollbackState.Restored) is { } unfinished)
        {
            throw new ArgumentException(
                $"an earlier in-place restore ({unfinished.Id}) did not finish; run 'amphora restore rollback --id {unfinished.Id}' to put the node back, then restore again.");
        }

        var staged = await new StagedDownloader(repository, progress, parallelism).StageAsync(plan, cancellationToken).ConfigureAwait(false);

        // From here on the node's files change; the journal is written first so a rollback can always undo it.
        var id = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{plan.Source.Tag}");
        var folders = target.DataDirectories.Append(target.CommitLogDirectory).Select(d => RollbackJournal.FolderOf(d, id)).ToList();
        var moves = MovesFor(plan, target, id);
        var journal = new RollbackJournal
        {
            Id = id,
            CreatedAt = DateTimeOffset.UtcNow,
            Cluster = plan.Source.Node.Cluster,
            Tag = plan.Source.Tag,
            SourceHostId = plan.Source.Node.HostId,
            State = RollbackState.MovingAside,
            Folders = folders,
            Moved = moves,
            Placed = plan.Files.Select(f => f.FinalPath!).ToList(),
        };
        Directory.CreateDirectory(folders[0]);
        journal.Save();

        progress.Stage($"Moving {moves.Count} current file(s) aside into rollback folder {id}");
        foreach (var move in moves)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(move.To)!);
            File.Move(move.From, move.To);
        }

        journal = journal with { State = RollbackState.Placing };
        journal.Save();
        progress.Stage($"Placing {journal.Placed.Count} restored file(s)");
        foreach (var table in plan.Tables)
        {
            foreach (var file in table.Files)
            {
                Place(file);
            }
        }

        journal = journal with { State = RollbackState.Restored };
        journal.Save();
        StagedDownloader.DeleteStaging(plan);

        return new InPlaceRestoreResult(staged, journal);
    }

    /// <summary>Adds to the plan what the restore will move aside, and a warning when the commit log holds other tables' writes.</summary>
    public static RestorePlan AddMovesAside(RestorePlan plan, RestoreTarget target, TableFilter tables, NodeManifest source)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(source);
        var movedAside = plan.Tables.SelectMany(t => t.TargetDirectories)
            .SelectMany(d => new[] { (Directory: d, Files: CurrentFiles(d).ToList(), What: "table files"), (Directory: d, Files: BackupsLinks(d).ToList(), What: "incremental backup links not shipped yet") })
            .Where(d => d.Files.Count > 0)
            .Select(d => new MoveAside(d.Directory, d.Files.Count, d.Files.Sum(f => new FileInfo(f).Length), d.What))
            .ToList();
        var segments = CommitLogSegments(target.CommitLogDirectory).ToList();
        var warnings = plan.Tables.Where(t => t.TargetNote is not null).Select(t => t.TargetNote!).ToList();
        if (segments.Count > 0)
        {
            movedAside.Add(new MoveAside(target.CommitLogDirectory, segments.Count, segments.Sum(f => new FileInfo(f).Length), "commit log segments"));
            if (plan.Tables.Count < source.Tables.Count)
            {
                warnings.Add($"the commit log holds {segments.Count} segment(s) and only some tables are restored: writes to other tables not yet " +
                    "flushed when the node stopped are moved aside with them (they stay in the rollback folder). Drain a node before stopping it.");
            }
        }

        return plan with { MovedAside = movedAside, Warnings = [.. plan.Warnings, .. warnings] };
    }

    /// <summary>A table directory's live files: its own files and its secondary indexes' (.idx/), not snapshots/, backups/ or upload/.</summary>
    public static IEnumerable<string> CurrentFiles(string tableDirectory) =>
        !Directory.Exists(tableDirectory)
            ? []
            : Directory.EnumerateFiles(tableDirectory)
                .Concat(Directory.EnumerateDirectories(tableDirectory)
                    .Where(d => Path.GetFileName(d).StartsWith('.'))
                    .SelectMany(Directory.EnumerateFiles))
                .Order(StringComparer.Ordinal);

    /// <summary>
    /// What the table's backups/ still holds: SSTables of the timeline the restore replaces. Left there, the next incremental
    /// backup would ship them as if the restored node had written them.
    /// </summary>
    public static IEnumerable<string> BackupsLinks(string tableDirectory)
    {
        var backups = Path.Combine(tableDirectory, "backups");
        return Directory.Exists(backups) ? Directory.EnumerateFiles(backups, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [];
    }

    /// <summary>Everything an in-place restore moves aside from a table directory: its live files and its backups/ links.</summary>
    public static IEnumerable<string> ReplacedFiles(string tableDirectory) => CurrentFiles(tableDirectory).Concat(BackupsLinks(tableDirectory));

    private static IEnumerable<string> CommitLogSegments(string commitLogDirectory) =>
        Directory.Exists(commitLogDirectory)
            ? Directory.EnumerateFiles(commitLogDirectory, "CommitLog-*.log").Order(StringComparer.Ordinal)
            : [];

    private static List<FileMove> MovesFor(RestorePlan plan, RestoreTarget target, string id)
    {
        var moves = new List<FileMove>();
        foreach (var tableDirectory in plan.Tables.SelectMany(t => t.TargetDirectories))
        {
            var dataDirectory = target.DataDirectories.First(d => tableDirectory.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            var folder = RollbackJournal.FolderOf(dataDirectory, id);
            moves.AddRange(ReplacedFiles(tableDirectory).Select(f => new FileMove(f, Path.Combine(folder, Path.GetRelativePath(dataDirectory, f)))));
        }

        var commitLogFolder = RollbackJournal.FolderOf(target.CommitLogDirectory, id);
        moves.AddRange(CommitLogSegments(target.CommitLogDirectory).Select(f => new FileMove(f, Path.Combine(commitLogFolder, Path.GetFileName(f)))));
        return moves;
    }

    /// <summary>Renames the staged file into its table directory, owned like the directory and with its read/write bits.</summary>
    private static void Place(RestoreFile file)
    {
        var final = file.FinalPath!;
        var directory = Path.GetDirectoryName(final)!;
        CreateLikeParent(directory);
        File.Move(file.StagingPath, final);
        UnixFileStatus.Of(directory).GiveOwnershipTo(final);
        var directoryMode = File.GetUnixFileMode(directory);
        File.SetUnixFileMode(final, directoryMode & ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
    }

    /// <summary>Creates a missing directory (and missing parents) owned like, and with the mode of, its nearest existing parent.</summary>
    private static void CreateLikeParent(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(directory)!;
        CreateLikeParent(parent);
        Directory.CreateDirectory(directory, File.GetUnixFileMode(parent));
        UnixFileStatus.Of(parent).GiveOwnershipTo(directory);
    }
}

public sealed record InPlaceRestoreResult(StagedDownloadResult Staged, RollbackJournal Journal);

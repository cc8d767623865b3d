namespace Amphora.Core.Restore;

/// <summary>
/// Undoing and forgetting in-place restores. A rollback removes the files the restore placed (the backup still has them) and
/// moves the node's previous files back where they were; a cleanup deletes rollback folders, and only when asked.
/// </summary>
public sealed class RestoreRollback(RestoreTarget target)
{
    /// <summary>The named restore, or the newest one; throws when there is none.</summary>
    public RollbackJournal Find(string? id)
    {
        var journals = RollbackJournal.FindAll(target.DataDirectories);
        if (id is null)
        {
            return journals.Count > 0
                ? journals[^1]
                : throw new ArgumentException($"no in-place restore to roll back: no {RollbackJournal.FolderName}/*/{RollbackJournal.FileName} in {string.Join(", ", target.DataDirectories)}.");
        }

        return journals.FirstOrDefault(j => j.Id == id)
            ?? throw new ArgumentException($"no in-place restore '{id}' on this node; it has: {(journals.Count == 0 ? "none" : string.Join(", ", journals.Select(j => j.Id)))}.");
    }

    /// <summary>Puts the node back as it was before the restore.</summary>
    public async Task<RollbackResult> RollBackAsync(RollbackJournal journal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException($"the node ({target.Node.Description}) is running; stop it before rolling back restore {journal.Id}.");
        }

        // A file standing where an original must return, and not put there by the restore, was written since: never overwrite it.
        var placed = journal.Placed.ToHashSet(StringComparer.Ordinal);
        var conflicts = journal.Moved.Where(m => File.Exists(m.To) && File.Exists(m.From) && !placed.Contains(m.From)).ToList();
        if (conflicts.Count > 0)
        {
            throw new IOException(
                $"cannot roll back {journal.Id}: {conflicts.Count} file(s) now exist both in the node's directories and in the rollback folder, e.g. {conflicts[0].From}. " +
                "They were written after the restore; move them away by hand and run rollback again.");
        }

        // Files the node wrote after the restore (flushes, compactions of restored data) are neither the node's old files nor
        // the backup's: they are kept, moved into the rollback folder's after-restore/, never deleted.
        var laterFiles = LaterFiles(journal, placed);
        foreach (var file in placed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(file);
        }

        var restored = 0;
        foreach (var move in journal.Moved.Where(m => File.Exists(m.To)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.GetDirectoryName(move.From)!);
            File.Move(move.To, move.From);
            restored++;
        }

        if (laterFiles.Count > 0)
        {
            // Kept on the file's own filesystem: beside the data directory's rollback folder, whose parents are <dir>/.amphora-rollback.
            foreach (var file in laterFiles)
            {
                var folder = journal.Folders.First(f => file.StartsWith(DataDirectoryOf(f) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
                var kept = Path.Combine(folder, "after-restore", Path.GetRelativePath(DataDirectoryOf(folder), file));
                Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                File.Move(file, kept);
            }

            var keep = string.Join(", ", journal.Folders.Select(f => Path.Combine(f, "after-restore")).Where(Directory.Exists));
            return new RollbackResult(restored, laterFiles.Count, keep);
        }

        DeleteFolders(journal);
        return new RollbackResult(restored, 0, null);
    }

    /// <summary>Deletes the rollback folders of finished restores older than the age (or the one named); returns them.</summary>
    public IReadOnlyList<RollbackJournal> CleanUp(string? id, TimeSpan? olderThan, DateTimeOffset now)
    {
        var chosen = RollbackJournal.FindAll(target.DataDirectories)
            .Where(j => id is null ? now - j.CreatedAt >= olderThan : j.Id == id)
            .ToList();
        if (id is not null && chosen.Count == 0)
        {
            Find(id);
        }

        if (chosen.FirstOrDefault(j => j.State != RollbackState.Restored) is { } unfinished)
        {
            throw new ArgumentException(
                $"restore {unfinished.Id} did not finish, so its rollback folder may hold the node's only copy of some files; run 'amphora restore rollback --id {unfinished.Id}' instead.");
        }

        foreach (var journal in chosen)
        {
            DeleteFolders(journal);
        }

        return chosen;
    }

    /// <summary>Files now in the restored table directories that neither the restore placed nor were there before it.</summary>
    private static List<string> LaterFiles(RollbackJournal journal, HashSet<string> placed)
    {
        var original = journal.Moved.Select(m => m.From).ToHashSet(StringComparer.Ordinal);
        return journal.Placed.Select(p => TableDirectoryOf(p)).Distinct(StringComparer.Ordinal)
            .SelectMany(InPlaceRestore.ReplacedFiles)
            .Where(f => !placed.Contains(f) && !original.Contains(f))
            .ToList();
    }

    /// <summary>The table directory of a placed file (index files sit one level deeper, in .idx/).</summary>
    private static string TableDirectoryOf(string file)
    {
        var directory = Path.GetDirectoryName(file)!;
        return Path.GetFileName(directory).StartsWith('.') ? Path.GetDirectoryName(directory)! : directory;
    }

    private static string DataDirectoryOf(string rollbackFolder) => Path.GetDirectoryName(Path.GetDirectoryName(rollbackFolder)!)!;

    private static void DeleteFolders(RollbackJournal journal)
    {
        // The journal's folder goes last, so an interrupted clean-up is still listed and can be run again.
        foreach (var folder in journal.Folders.Skip(1).Append(journal.Folders[0]).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>What a rollback did: files moved back, and files written after the restore that were kept in <see cref="KeptIn"/>.</summary>
public sealed record RollbackResult(int MovedBack, int KeptFiles, string? KeptIn);

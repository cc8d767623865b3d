using Amphora.Sandbox.CommitLog;

namespace Amphora.Sandbox;

/// <summary>Commit log archiving: archive_command on finished segments, at drain and for leftovers at start-up.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// Runs the archive command start-up read on one segment. A failure keeps the segment on disk until a later
    /// start-up archives it, unless an earlier run already archived it (a hard link that now exists fails, harmlessly).
    /// </summary>
    private static void ArchiveSegment(NodeState state, CommitLogSegment segment)
    {
        if (state.ArchiveCommand is null)
        {
            return;
        }

        var name = segment.FileName;
        if (CommitLogArchiver.TryArchive(state.ArchiveCommand, segment.FilePath))
        {
            state.UnarchivedSegments.Remove(name);
            AddOnce(state.ArchivedSegments, name);
        }
        else if (!state.ArchivedSegments.Contains(name))
        {
            AddOnce(state.UnarchivedSegments, name);
        }
    }

    /// <summary>CASSANDRA-6904: start-up archives every segment a previous run left in the commit log directory.</summary>
    private static void ArchiveLeftoverSegments(NodeState state, CommitLogDirectory commitLog)
    {
        if (state.ArchiveCommand is null)
        {
            // Nothing to archive to: segments the previous command failed on are ordinary segments again.
            state.UnarchivedSegments.Clear();
            state.ArchivedSegments.Clear();
            return;
        }

        foreach (var segment in commitLog.Segments())
        {
            ArchiveSegment(state, segment);
        }
    }

    /// <summary>Deletes a segment the node no longer needs, unless its archiving failed.</summary>
    private static void DeleteSegmentIfArchived(NodeState state, CommitLogSegment segment)
    {
        if (state.UnarchivedSegments.Contains(segment.FileName))
        {
            return;
        }

        File.Delete(segment.FilePath);
        state.ArchivedSegments.Remove(segment.FileName);
    }

    private static void AddOnce(List<string> names, string name)
    {
        if (!names.Contains(name))
        {
            names.Add(name);
        }
    }
}

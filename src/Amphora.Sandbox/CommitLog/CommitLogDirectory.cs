namespace Amphora.Sandbox.CommitLog;

/// <summary>The node's commit log: segments in <c>commitlog_directory</c>, newest one active, rolled when full.</summary>
public sealed class CommitLogDirectory(string directory, long segmentSize)
{
    public string Path { get; } = directory;

    public long SegmentSize { get; } = segmentSize;

    public IReadOnlyList<CommitLogSegment> Segments() =>
        Directory.Exists(Path)
            ? Directory.EnumerateFiles(Path).Select(CommitLogSegment.TryOpen).OfType<CommitLogSegment>().OrderBy(s => s.Id).ToList()
            : [];

    /// <summary>Every mutation still in the commit log, oldest first, with the position just past it.</summary>
    public IEnumerable<(CommitLogPosition Position, Mutation Mutation)> ReadAll()
    {
        foreach (var segment in Segments())
        {
            foreach (var (_, end, body) in segment.ReadEntries())
            {
                yield return (new CommitLogPosition(segment.Id, end), Mutation.Deserialize(body));
            }
        }
    }

    /// <summary>The position a write would get now: the end of the active segment.</summary>
    public CommitLogPosition CurrentPosition()
    {
        var segments = Segments();
        var active = segments.Count == 0 ? null : segments[^1];
        return active is null ? CommitLogPosition.None : new CommitLogPosition(active.Id, active.EndOfValidData());
    }

    /// <summary>Creates the first segment of a starting node, with an id based on the clock as Cassandra does.</summary>
    public CommitLogSegment StartNewSegment(Func<long> nextSegmentId)
    {
        Directory.CreateDirectory(Path);
        return CommitLogSegment.Create(Path, nextSegmentId(), SegmentSize);
    }

    /// <summary>
    /// Appends mutations in one sync section per segment, rolling to new segments as they fill; each segment left
    /// behind by a roll is handed to <paramref name="segmentFinished"/> after its last write (archiving).
    /// </summary>
    public CommitLogPosition Append(IReadOnlyList<Mutation> mutations, Func<long> nextSegmentId, Action<CommitLogSegment> segmentFinished)
    {
        ArgumentNullException.ThrowIfNull(segmentFinished);
        var bodies = mutations.Select(m => m.Serialize()).ToList();
        var largest = bodies.Count == 0 ? 0 : bodies.Max(b => b.Length);
        if (largest > SegmentSize / 2)
        {
            throw new SandboxException(
                $"Mutation of {largest} bytes is too large for the maximum size of {SegmentSize / 2} (half of commitlog_segment_size).");
        }

        var segments = Segments();
        var active = segments.Count == 0 ? StartNewSegment(nextSegmentId) : segments[^1];
        var position = active.EndOfValidData();
        var last = new CommitLogPosition(active.Id, position);
        var index = 0;
        while (index < bodies.Count)
        {
            var batch = new List<byte[]>();
            while (index < bodies.Count && position + CommitLogSegment.SectionSize(batch.Append(bodies[index])) <= SegmentSize)
            {
                batch.Add(bodies[index++]);
            }

            if (batch.Count == 0)
            {
                var finished = active;
                active = StartNewSegment(nextSegmentId);
                position = CommitLogSegment.HeaderSize;
                segmentFinished(finished);
                continue;
            }

            var ends = active.AppendSection(position, batch);
            position = ends[^1];
            last = new CommitLogPosition(active.Id, position);
        }

        return last;
    }
}

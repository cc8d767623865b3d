using Amphora.Core.Catalog;

namespace Amphora.Tests.Support;

/// <summary>Remembers what a repository check reported: its stages, its plan, and the objects and bytes it hashed.</summary>
public sealed class RecordingCheckProgress : ICheckProgress
{
    private readonly List<string> _stages = [];
    private long _bytes;
    private long _objects;

    public IReadOnlyList<string> Stages => _stages;

    public (long Objects, long Bytes)? Plan { get; private set; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Objects => Interlocked.Read(ref _objects);

    public void Stage(string description) => _stages.Add(description);

    public void Planned(long objects, long bytes) => Plan = (objects, bytes);

    public void BytesHashed(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void ObjectHashed() => Interlocked.Increment(ref _objects);
}

using System.Diagnostics;
using Amphora.Cli.Output;
using Amphora.Core.Catalog;

namespace Amphora.Cli;

/// <summary>Check progress as lines on stderr, so stdout holds only the report: each stage, then hashing at most once a second.</summary>
public sealed class ConsoleCheckProgress : ICheckProgress
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private long _plannedObjects;
    private long _plannedBytes;
    private long _objects;
    private long _bytes;

    public void Stage(string description) => Console.Error.WriteLine($"  {description}");

    public void Planned(long objects, long bytes)
    {
        _plannedObjects = objects;
        _plannedBytes = bytes;
    }

    public void BytesHashed(long bytes)
    {
        lock (_lock)
        {
            _bytes += bytes;
            WriteIfDue(final: false);
        }
    }

    public void ObjectHashed()
    {
        lock (_lock)
        {
            _objects++;
            WriteIfDue(final: _objects == _plannedObjects);
        }
    }

    private void WriteIfDue(bool final)
    {
        if (final || _sinceLastLine.Elapsed >= TimeSpan.FromSeconds(1))
        {
            Console.Error.WriteLine($"    hashed {_objects}/{_plannedObjects} objects, {SizeText.Format(_bytes)} of {SizeText.Format(_plannedBytes)}");
            _sinceLastLine.Restart();
        }
    }
}

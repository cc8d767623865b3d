using System.Collections.Concurrent;
using Amphora.Core.Backup;

namespace Amphora.Tests.Support;

/// <summary>Remembers what a backup reported: its stages, its plan, and every file it finished (uploaded or not).</summary>
public sealed class RecordingProgress : IBackupProgress
{
    private readonly ConcurrentQueue<string> _stages = new();
    private readonly ConcurrentQueue<FileReport> _files = new();

    public sealed record FileReport(string Path, long Bytes, bool Uploaded);

    public IReadOnlyList<string> Stages => [.. _stages];

    public IReadOnlyList<FileReport> Files => [.. _files];

    public (long Files, long Bytes)? Plan { get; private set; }

    public void Stage(string description) => _stages.Enqueue(description);

    public void Planned(long files, long bytes) => Plan = (files, bytes);

    public void FileDone(string path, long bytes, bool uploaded) => _files.Enqueue(new FileReport(path, bytes, uploaded));
}

using System.Diagnostics;
using Amphora.Cli.Output;
using Amphora.Core.Backup;

namespace Amphora.Cli;

/// <summary>
/// Backup progress as plain lines: each stage, then files and bytes done at most once a second, then the total. With
/// --output json they go to stderr, so stdout holds only the JSON result.
/// </summary>
public sealed class ConsoleBackupProgress(TextWriter? writer = null) : IBackupProgress
{
    private readonly TextWriter _writer = writer ?? Console.Out;
    private readonly Lock _lock = new();
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private long _plannedFiles;
    private long _plannedBytes;
    private long _files;
    private long _bytes;
    private long _uploaded;

    public void Stage(string description) => _writer.WriteLine($"  {description}");

    public void Planned(long files, long bytes)
    {
        _plannedFiles = files;
        _plannedBytes = bytes;
    }

    public void FileDone(string path, long bytes, bool uploaded)
    {
        lock (_lock)
        {
            _files++;
            _bytes += bytes;
            _uploaded += uploaded ? bytes : 0;
            if (_sinceLastLine.Elapsed >= TimeSpan.FromSeconds(1) || _files == _plannedFiles)
            {
                _writer.WriteLine($"    {_files}/{_plannedFiles} files, {SizeText.Format(_bytes)} of {SizeText.Format(_plannedBytes)}; {SizeText.Format(_uploaded)} uploaded");
                _sinceLastLine.Restart();
            }
        }
    }
}

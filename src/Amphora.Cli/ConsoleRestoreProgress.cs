using System.Diagnostics;
using Amphora.Cli.Output;
using Amphora.Core.Restore;
using Spectre.Console;

namespace Amphora.Cli;

/// <summary>
/// Restore progress: on a terminal a progress bar with bytes, files, rate and time left; otherwise (logs, tests) a line at most
/// once a second with the same figures.
/// </summary>
public sealed class ConsoleRestoreProgress : IRestoreProgress
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private readonly ProgressTask? _bar;
    private long _plannedFiles;
    private long _plannedBytes;
    private long _files;
    private long _bytes;

    private ConsoleRestoreProgress(ProgressTask? bar) => _bar = bar;

    /// <summary>Plain lines, for work with no bytes to count.</summary>
    public static IRestoreProgress Lines() => new ConsoleRestoreProgress(null);

    /// <summary>Runs the work with a progress bar when the output is a terminal, with plain lines when not.</summary>
    public static async Task<T> RunAsync<T>(Func<IRestoreProgress, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new ConsoleRestoreProgress(null)).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(context => work(new ConsoleRestoreProgress(context.AddTask("Staging", maxValue: 1))))
            .ConfigureAwait(false);
    }

    public void Stage(string description)
    {
        if (_bar is null)
        {
            Console.WriteLine($"  {description}");
        }
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape($"  {description}"));
        }
    }

    public void Planned(long files, long bytes, long alreadyStaged)
    {
        _plannedFiles = files;
        _plannedBytes = bytes;
        if (_bar is not null)
        {
            _bar.MaxValue = Math.Max(1, bytes);
            _bar.Description = $"0/{files} files";
        }

        if (alreadyStaged > 0)
        {
            Stage($"{SizeText.Format(alreadyStaged)} already staged by an earlier run: re-checked, not downloaded");
        }
    }

    public void Transferred(long bytes)
    {
        lock (_lock)
        {
            _bytes += bytes;
            _bar?.Increment(bytes);
        }
    }

    public void FileStaged(string path, long bytes, bool downloaded)
    {
        lock (_lock)
        {
            _files++;
            if (_bar is not null)
            {
                _bar.Description = $"{_files}/{_plannedFiles} files";
                return;
            }

            if (_sinceLastLine.Elapsed >= TimeSpan.FromSeconds(1) || _files == _plannedFiles)
            {
                var rate = _bytes / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
                var left = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, _plannedBytes - _bytes) / rate) : TimeSpan.Zero;
                Console.WriteLine($"    {_files}/{_plannedFiles} files, {SizeText.Format(_bytes)} of {SizeText.Format(_plannedBytes)}, " +
                    $"{SizeText.Format((long)rate)}/s, {left:hh\\:mm\\:ss} left");
                _sinceLastLine.Restart();
            }
        }
    }
}

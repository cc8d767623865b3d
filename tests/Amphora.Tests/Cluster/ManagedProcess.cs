using System.Diagnostics;
using System.Text;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cluster;

/// <summary>
/// A long-running <c>amphora</c> process (agent or server): started with its config, ready once it prints its listening
/// line, its output kept for failure messages, killed (SIGKILL) or stopped (SIGTERM) on demand.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _drainErrors;

    private ManagedProcess(Process process)
    {
        _process = process;
        _drainErrors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Append(line);
            }
        });
    }

    public string ListeningLine { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ManagedProcess> StartAsync(params string[] arguments)
    {
        var process = new ManagedProcess(ProcessRunner.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]));
        while (await process._process.StandardOutput.ReadLineAsync() is { } line)
        {
            process.Append(line);
            if (line.Contains(" listening on ", StringComparison.Ordinal))
            {
                process.ListeningLine = line;
                _ = Task.Run(process.DrainOutputAsync);
                return process;
            }
        }

        await process._process.WaitForExitAsync();
        await process._drainErrors;
        throw new InvalidOperationException($"amphora {string.Join(' ', arguments)} exited {process._process.ExitCode} before listening:\n{process.Output}");
    }

    /// <summary>Sends a signal: STOP freezes the process with its connections open (a hung agent), CONT thaws it.</summary>
    public void Signal(string name) => ProcessRunner.Run("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>SIGKILL: the process dies at once, mid-request if it was in one.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private async Task DrainOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            Append(line);
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

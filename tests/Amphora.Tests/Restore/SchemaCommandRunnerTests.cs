using System.Diagnostics;
using Amphora.Core.Restore.Schema;
using Amphora.Tests.Support;

namespace Amphora.Tests.Restore;

/// <summary>The apply command as a real process: arguments without a shell, failures with their output, cancellation.</summary>
public sealed class SchemaCommandRunnerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Script(string name, string body)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A fake cqlsh that writes each argument on its own line to args.txt.</summary>
    private string Recorder() => Script("fake cqlsh", $"for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{Path.Combine(_directory.Path, "args.txt")}'\necho applied");

    private string[] RecordedArguments() => File.ReadAllLines(Path.Combine(_directory.Path, "args.txt"));

    [Fact]
    public async Task The_file_replaces_the_placeholder_and_quoted_words_stay_whole_with_no_shell_in_between()
    {
        var file = Path.Combine(_directory.Path, "schema $(touch pwned); x.cql");
        var runner = new SchemaCommandRunner($"'{Recorder()}' -u 'admin user' --file={{file}} 10.0.0.5 '$HOME;*'");
        var result = await runner.RunAsync(file, CancellationToken.None);
        Assert.Equal(["-u", "admin user", $"--file={file}", "10.0.0.5", "$HOME;*"], RecordedArguments());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("applied\n", result.Output);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "pwned")));
    }

    [Fact]
    public async Task Without_a_placeholder_the_file_is_the_last_argument()
    {
        await new SchemaCommandRunner($"\"{Recorder()}\" -k shop").RunAsync("/tmp/s.cql", CancellationToken.None);
        Assert.Equal(["-k", "shop", "/tmp/s.cql"], RecordedArguments());
        Assert.Equal(["cqlsh", "-f", "/x.cql"], new SchemaCommandRunner().CommandLine("/x.cql"));
        Assert.Equal(SchemaCommandRunner.DefaultTemplate, new SchemaCommandRunner("  ").Template);
    }

    [Fact]
    public async Task A_non_zero_exit_throws_with_the_command_line_masked_and_the_output()
    {
        var failing = Script("failing", "echo 'Connected to Test Cluster'\necho \"<stdin>:3:InvalidRequest: Keyspace 'shop' does not exist\" >&2\nexit 2");
        var runner = new SchemaCommandRunner($"{failing} -u admin -p s3cret --password=also -f {{file}}");
        var error = await Assert.ThrowsAsync<SchemaCommandException>(() => runner.RunAsync("/tmp/s.cql", CancellationToken.None));
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(2, error.Result.ExitCode);
        Assert.StartsWith($"'{failing} -u admin -p *** --password=*** -f /tmp/s.cql' exited 2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Keyspace 'shop' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connected to Test Cluster", error.Result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_program_says_which_and_what_to_do()
    {
        var runner = new SchemaCommandRunner("no-such-cqlsh-here -f {file}");
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => runner.RunAsync("/tmp/s.cql", CancellationToken.None));
        Assert.StartsWith("cannot run 'no-such-cqlsh-here' (from the CQL command 'no-such-cqlsh-here -f {file}'): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("give its full path", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SchemaCommandRunner("cqlsh 'unclosed"));
    }

    [Fact]
    public async Task Cancelling_kills_the_whole_process_tree()
    {
        var pids = Path.Combine(_directory.Path, "pids");
        var hanging = Script("hanging", $"sleep 300 &\necho $$ $! > '{pids}'\nwait");
        using var cancel = new CancellationTokenSource();
        var run = new SchemaCommandRunner(hanging).RunAsync("/tmp/s.cql", cancel.Token);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(pids) || File.ReadAllText(pids).Trim().Split(' ').Length < 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the script never started");
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60));
        foreach (var pid in File.ReadAllText(pids).Trim().Split(' ').Select(int.Parse))
        {
            // SIGKILL is delivered at once but a loaded machine may take a moment to tear the process down: wait for it to be
            // gone, or at most a zombie waiting for its reaper. A process still alive after a minute was never killed.
            var status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
            var killed = Stopwatch.StartNew();
            while (!Ended(status) && killed.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(50);
            }

            Assert.True(Ended(status), $"process {pid} still runs");
        }
    }

    public void Dispose() => _directory.Dispose();

    private static bool Ended(string procStatus)
    {
        try
        {
            return File.ReadAllText(procStatus).Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }
}

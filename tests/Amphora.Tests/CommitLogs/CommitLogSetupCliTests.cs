using Amphora.Core.CommitLogs;
using Amphora.Core.IO;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary><c>amphora commitlog setup</c> on a real cassandra.yaml, and the written command run the way Cassandra runs it.</summary>
public sealed class CommitLogSetupCliTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public CommitLogSetupCliTests()
    {
        Directory.CreateDirectory(ConfDirectory);
        Directory.CreateDirectory(CommitLogDirectory);
        File.WriteAllText(CassandraYaml, $"cluster_name: 'Test Cluster'\ncommitlog_directory: {CommitLogDirectory}\ndata_file_directories:\n  - {Path.Combine(_directory.Path, "data")}\n");
    }

    private string ConfDirectory => Path.Combine(_directory.Path, "conf");

    private string CassandraYaml => Path.Combine(ConfDirectory, "cassandra.yaml");

    private string PropertiesPath => Path.Combine(ConfDirectory, "commitlog_archiving.properties");

    private string CommitLogDirectory => Path.Combine(_directory.Path, "commitlog");

    [Fact]
    public async Task Setup_writes_a_command_Cassandra_runs_successfully_and_keeps_every_other_line()
    {
        const string existing = "# Cassandra's own comments\narchive_command=/bin/ln %path /backup/%name\nrestore_command=\nrestore_directories=\nrestore_point_in_time=\nprecision=MICROSECONDS\ncustom.key = kept value\n";
        await File.WriteAllTextAsync(PropertiesPath, existing);

        var output = CliBench.Ok(CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml));

        Assert.Contains("restart", output, StringComparison.Ordinal);
        Assert.Contains("replaces '/bin/ln %path /backup/%name'", output, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(PropertiesPath);
        Assert.Equal(existing.Split('\n').Where(l => !l.StartsWith("archive_command", StringComparison.Ordinal)), text.Split('\n').Where(l => !l.StartsWith("archive_command", StringComparison.Ordinal)));

        // As CommitLogArchiver does: substitute the placeholders, split on spaces, run without a shell.
        var properties = await CommitLogArchivingProperties.LoadOrEmptyAsync(PropertiesPath, CancellationToken.None);
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530123);
        var words = CommitLogArchivingProperties.CommandArguments(properties.ArchiveCommand!,
            new Dictionary<string, string> { ["%path"] = segment, ["%name"] = Path.GetFileName(segment) });
        CliBench.Ok(ProcessRunner.Run(words[0], words.Skip(1)));
        Assert.Equal(FileIdentity.Of(segment).FileKey, FileIdentity.Of(Path.Combine(CommitLogDirectory, ".amphora-archive", Path.GetFileName(segment))).FileKey);

        Assert.Contains("OK", CliBench.Ok(CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--check")), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_a_missing_file()
    {
        var result = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--check");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(PropertiesPath));
    }

    [Theory]
    [InlineData("archive_command=\n", "sets no archive_command")]
    [InlineData("archive_command=/bin/ln %path /backup/%name\n", "is not Amphora's")]
    [InlineData("archive_command=/usr/bin/amphora commitlog archive %path %name --spool /srv/elsewhere\n", "not into the spool")]
    [InlineData("archive_command=/nonexistent/amphora commitlog archive %path %name\n", "does not exist")]
    public async Task Check_reports_a_command_that_does_not_feed_the_spool(string properties, string problem)
    {
        await File.WriteAllTextAsync(PropertiesPath, properties);

        var result = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--check");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(problem, result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(properties, await File.ReadAllTextAsync(PropertiesPath));
    }

    [Fact]
    public async Task Setup_warns_of_an_unfinished_restore_and_check_reports_it()
    {
        await File.WriteAllTextAsync(PropertiesPath, "restore_command=cp -f %from %to\nrestore_point_in_time=2026:11:22 10:15:30\n");

        var written = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml);
        var check = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--check");

        Assert.Equal(0, written.ExitCode);
        Assert.Contains("point-in-time restore is unfinished", written.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, check.ExitCode);
        Assert.Contains("point-in-time restore is unfinished", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_refuses_a_path_with_a_space()
    {
        var result = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--spool", Path.Combine(CommitLogDirectory, "my spool"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("splits archive_command on every space", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(PropertiesPath));
    }

    [Fact]
    public void Setup_refuses_a_spool_on_another_filesystem()
    {
        Assert.NotEqual(UnixFileStatus.DeviceOf("/dev/shm"), UnixFileStatus.DeviceOf(CommitLogDirectory)); // the test needs two filesystems

        var result = CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", CassandraYaml, "--spool", "/dev/shm/amphora-spool");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not on the filesystem", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(PropertiesPath));
    }

    public void Dispose() => _directory.Dispose();
}

using Amphora.Core.IO;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary><c>amphora commitlog archive</c> run as Cassandra runs archive_command: a real process per segment.</summary>
public sealed class CommitLogArchiveCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string CommitLogDirectory => Path.Combine(_directory.Path, "commitlog");

    private string DefaultSpool => Path.Combine(CommitLogDirectory, ".amphora-archive");

    [Fact]
    public void Archiving_twice_links_the_segment_once_into_the_default_spool()
    {
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530123);
        var name = Path.GetFileName(segment);

        CliBench.Ok(CliBench.Amphora("commitlog", "archive", segment, name));
        CliBench.Ok(CliBench.Amphora("commitlog", "archive", segment, name));

        Assert.Equal([name], Directory.GetFileSystemEntries(DefaultSpool).Select(Path.GetFileName));
        Assert.Equal(FileIdentity.Of(segment).FileKey, FileIdentity.Of(Path.Combine(DefaultSpool, name)).FileKey);
        Assert.Equal(2u, FileIdentity.Of(segment).LinkCount);
    }

    [Fact]
    public void Concurrent_archives_of_the_same_segment_all_succeed_and_leave_one_link()
    {
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530124);
        var name = Path.GetFileName(segment);
        var other = CommitLogTestData.Write(CommitLogDirectory, 1763806530125);
        var processes = Enumerable.Range(0, 8)
            .Select(i => ProcessRunner.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), "commitlog", "archive",
                i % 4 == 3 ? other : segment, i % 4 == 3 ? Path.GetFileName(other) : name]))
            .ToList();
        foreach (var process in processes)
        {
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
            process.Dispose();
        }

        Assert.Equal([name, Path.GetFileName(other)], Directory.GetFileSystemEntries(DefaultSpool).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2u, FileIdentity.Of(segment).LinkCount); // no temporary link left behind
        Assert.Equal(2u, FileIdentity.Of(other).LinkCount);
    }

    [Fact]
    public void A_spool_on_another_filesystem_fails_and_leaves_the_segment_alone()
    {
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530126);
        var before = File.ReadAllBytes(segment);
        var spool = Path.Combine("/dev/shm", "amphora-tests-" + Guid.NewGuid().ToString("N"));
        Assert.NotEqual(UnixFileStatus.DeviceOf("/dev/shm"), UnixFileStatus.DeviceOf(CommitLogDirectory)); // the test needs two filesystems
        try
        {
            var result = CliBench.Amphora("commitlog", "archive", segment, Path.GetFileName(segment), "--spool", spool);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("not on the filesystem", result.StandardError, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(spool));
            Assert.Equal(before, File.ReadAllBytes(segment));
            Assert.Equal(1u, FileIdentity.Of(segment).LinkCount);
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    [Fact]
    public void A_spool_that_cannot_be_made_fails_and_leaves_the_segment_alone()
    {
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530127);
        var blocker = Path.Combine(_directory.Path, "not-a-directory");
        File.WriteAllText(blocker, "a file where the spool should be");

        var result = CliBench.Amphora("commitlog", "archive", segment, Path.GetFileName(segment), "--spool", blocker);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cassandra keeps the segment", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(1u, FileIdentity.Of(segment).LinkCount);
    }

    [Theory]
    [InlineData("CommitLog-7-99.log")]
    [InlineData("CommitLog-7-1763806530128.log.tmp")]
    public void A_name_that_is_not_the_segments_is_refused(string name)
    {
        var segment = CommitLogTestData.Write(CommitLogDirectory, 1763806530128);

        var result = CliBench.Amphora("commitlog", "archive", segment, name);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(name, result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DefaultSpool));
    }

    public void Dispose() => _directory.Dispose();
}

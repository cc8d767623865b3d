using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>The amphora command line as a user runs it: real process, exit codes, messages.</summary>
public sealed class CliTests
{
    private static ProcessRunner.Result Amphora(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]);

    [Fact]
    public void Demo_backs_up_changes_and_backs_up_again_with_dedup()
    {
        using var directory = new TempDirectory();
        var result = Amphora("demo", "--dir", Path.Combine(directory.Path, "demo"));
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("Backup first of node", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Backup second of node", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("read 0 bytes of SSTables", result.StandardOutput, StringComparison.Ordinal); // the unchanged third backup
        Assert.Matches(@"(?m)^third\s+snapshot\s+Sandbox Cluster\s+\w+\s+.*complete", result.StandardOutput);
        Assert.Matches(@"(?m)^first\s+snapshot\s+Sandbox Cluster", result.StandardOutput);
        Assert.Contains("Backup third of cluster 'Sandbox Cluster'", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Verified: every check passed (presence and size, content SHA-256, SSTables).", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_create_write_dump_checksum_and_stop_start_round_trip()
    {
        using var directory = new TempDirectory();
        var cluster = Path.Combine(directory.Path, "sb");
        Assert.Equal(0, Amphora("sandbox", "create", cluster, "--nodes", "2", "--sstable-format", "oa").ExitCode);
        Assert.Equal(0, Amphora("sandbox", "write", cluster, "--node", "node2", "--table", "ks.t", "--rows", "25", "--timestamp-micros", "1000").ExitCode);
        var dump = Amphora("sandbox", "dump", cluster, "--node", "node2", "--table", "ks.t");
        var lines = dump.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Equal(25, lines.Length);
        Assert.StartsWith("ks.t\t0\t1000\tvalue-0-1000-", lines[0], StringComparison.Ordinal);
        var checksum = Amphora("sandbox", "dump", cluster, "--node", "node2", "--checksum").StandardOutput;
        Assert.Matches("^[0-9a-f]{64}  25 rows\n$", checksum);

        Assert.Equal(0, Amphora("sandbox", "stop", cluster, "--node", "node2").ExitCode);
        var refused = Amphora("sandbox", "dump", cluster, "--node", "node2", "--checksum");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Connection refused", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, Amphora("sandbox", "start", cluster, "--node", "node2").ExitCode);
        Assert.Equal(checksum, Amphora("sandbox", "dump", cluster, "--node", "node2", "--checksum").StandardOutput);
        Assert.Empty(Amphora("sandbox", "dump", cluster, "--node", "node1").StandardOutput); // writes went to node2 only
    }

    [Fact]
    public void Bad_input_gets_a_clear_message_a_non_zero_exit_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        var cluster = Path.Combine(directory.Path, "sb");
        Assert.Equal(0, Amphora("sandbox", "create", cluster).ExitCode);
        var listing = Directory.EnumerateFileSystemEntries(cluster, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var again = Amphora("sandbox", "create", cluster);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", again.StandardError, StringComparison.Ordinal);

        var badTable = Amphora("sandbox", "write", cluster, "--node", "node1", "--table", "no-dot", "--rows", "1");
        Assert.Equal(1, badTable.ExitCode);
        Assert.Contains("use keyspace.table", badTable.StandardError, StringComparison.Ordinal);

        var badNode = Amphora("sandbox", "stop", cluster, "--node", "node7");
        Assert.Equal(1, badNode.ExitCode);
        Assert.Contains("No node 'node7'", badNode.StandardError, StringComparison.Ordinal);

        var badFormat = Amphora("sandbox", "create", Path.Combine(directory.Path, "other"), "--sstable-format", "zz");
        Assert.NotEqual(0, badFormat.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "other")));

        Assert.Equal(listing, Directory.EnumerateFileSystemEntries(cluster, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sandbox_help_says_it_is_for_demos_and_tests()
    {
        var help = Amphora("sandbox", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("for demos and tests only", help.StandardOutput, StringComparison.Ordinal);
    }
}

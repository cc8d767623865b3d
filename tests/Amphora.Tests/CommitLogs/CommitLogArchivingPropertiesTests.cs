using Amphora.Core.CommitLogs;

namespace Amphora.Tests.CommitLogs;

/// <summary>How Amphora reads commitlog_archiving.properties as Cassandra's CommitLogArchiver does.</summary>
public sealed class CommitLogArchivingPropertiesTests
{
    private static readonly Dictionary<string, string> Segment = new(StringComparer.Ordinal)
    {
        ["%path"] = "/var/lib/cassandra/commitlog/CommitLog-7-12.log",
        ["%name"] = "CommitLog-7-12.log",
    };

    [Fact]
    public void CommandArguments_substitutes_placeholders_then_splits_on_single_spaces()
    {
        Assert.Equal(
            ["/bin/ln", "/var/lib/cassandra/commitlog/CommitLog-7-12.log", "/backup/CommitLog-7-12.log"],
            CommitLogArchivingProperties.CommandArguments("/bin/ln %path /backup/%name", Segment));
    }

    [Theory]
    [InlineData("a  b", new[] { "a", "", "b" })]
    [InlineData("a   b", new[] { "a", "", "", "b" })]
    [InlineData(" a", new[] { "", "a" })]
    [InlineData("a b   ", new[] { "a", "b" })]
    [InlineData("a\tb", new[] { "a\tb" })]
    [InlineData("   ", new string[0])]
    public void CommandArguments_splits_as_Java_String_split(string command, string[] arguments)
    {
        Assert.Equal(arguments, CommitLogArchivingProperties.CommandArguments(command, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_placeholder_value_with_a_space_is_split_too_as_Cassandra_substitutes_before_splitting()
    {
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal) { ["%path"] = "/commit log/CommitLog-7-1.log" };

        Assert.Equal(["cp", "/commit", "log/CommitLog-7-1.log", "/to"], CommitLogArchivingProperties.CommandArguments("cp %path /to", placeholders));
    }

    [Theory]
    [InlineData("restore_command=cp -f %from %to")]
    [InlineData("restore_directories=/restore")]
    [InlineData("restore_point_in_time=2026:11:22 10:15:30")]
    public void Any_restore_key_with_a_value_is_a_restore_setting(string line)
    {
        var properties = Properties("archive_command=/bin/true\nprecision=MICROSECONDS\n" + line + "\n");

        Assert.True(properties.HasRestoreSettings);
    }

    [Theory]
    [InlineData("precision=MILLISECONDS\n")]
    [InlineData("precision=MICROSECONDS\narchive_command=/bin/ln %path /backup/%name\n")]
    [InlineData("restore_command=\nrestore_directories=   \nrestore_point_in_time=\nprecision=SECONDS\n")]
    [InlineData("# restore_point_in_time=2026:11:22 10:15:30\n")]
    [InlineData("")]
    public void Precision_archive_command_and_empty_restore_keys_are_not_restore_settings(string text)
    {
        Assert.False(Properties(text).HasRestoreSettings);
    }

    [Fact]
    public void Restore_values_read_as_CommitLogArchiver_reads_them()
    {
        var properties = Properties(
            "archive_command= /bin/ln %path /backup/%name \nrestore_directories=/a, /b ,,/c\nrestore_point_in_time=2026:11:22 10:15:30.250\nprecision=MILLISECONDS\n");

        Assert.Equal("/bin/ln %path /backup/%name", properties.ArchiveCommand);
        Assert.Null(properties.RestoreCommand);
        Assert.Equal(["/a", "/b", "/c"], properties.RestoreDirectories);
        Assert.Equal(PointInTime.ParseIso("2026-11-22T10:15:30.25Z"), properties.RestorePointInTime);
        Assert.Equal(TimestampPrecision.Milliseconds, properties.Precision);
    }

    [Fact]
    public void Unset_values_mean_no_archiving_replay_everything_and_microseconds()
    {
        var properties = Properties("");

        Assert.Null(properties.ArchiveCommand);
        Assert.Empty(properties.RestoreDirectories);
        Assert.Null(properties.RestorePointInTime);
        Assert.Equal(TimestampPrecision.Microseconds, properties.Precision);
    }

    [Fact]
    public void The_file_lives_beside_cassandra_yaml()
    {
        Assert.Equal("/etc/cassandra/commitlog_archiving.properties", CommitLogArchivingProperties.PathBeside("/etc/cassandra/cassandra.yaml"));
    }

    private static CommitLogArchivingProperties Properties(string text) => new(JavaPropertiesFile.Parse(text));
}

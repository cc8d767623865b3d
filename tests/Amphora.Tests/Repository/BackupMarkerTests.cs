using Amphora.Core.Repository;

namespace Amphora.Tests.Repository;

/// <summary>Listing reads everything from marker keys: they must round-trip exactly and ignore anything else.</summary>
public sealed class BackupMarkerTests
{
    private static readonly Guid Host = Guid.Parse("f14c25a2-79eb-41b4-84b7-331b133fb19c");

    [Fact]
    public void Started_and_complete_keys_fold_into_one_summary()
    {
        var started = new DateTimeOffset(2026, 11, 22, 10, 15, 30, 123, TimeSpan.Zero);
        var finished = started.AddMinutes(3);
        var keys = new[]
        {
            BackupMarker.StartedKey("Prod Cluster/eu", "daily-1", Host, started),
            BackupMarker.CompleteKey("Prod Cluster/eu", "daily-1", Host, finished, 87, 715_000, 12_000),
            "index/readme.txt",
        };
        Assert.Equal("index/Prod%20Cluster%2Feu/daily-1/f14c25a2-79eb-41b4-84b7-331b133fb19c/started.20261122T101530.123Z.json", keys[0]);

        var summary = Assert.Single(BackupMarker.Summarize(keys));
        Assert.Equal(("Prod Cluster/eu", "daily-1", Host, started), (summary.Cluster, summary.Tag, summary.HostId, summary.StartedAt));
        Assert.Equal(new NodeBackupCompletion(finished, 87, 715_000, 12_000), summary.Completion);
    }

    [Fact]
    public void A_started_marker_alone_is_an_incomplete_backup()
    {
        var summary = Assert.Single(BackupMarker.Summarize([BackupMarker.StartedKey("c", "t", Host, DateTimeOffset.UnixEpoch)]));
        Assert.False(summary.IsComplete);
    }

    [Theory]
    [InlineData("index/c/t/f14c25a2-79eb-41b4-84b7-331b133fb19c/complete.20261122T101530.123Z.files-99999999999999999999.bytes-1.new-1.json")]
    [InlineData("index/c/t/f14c25a2-79eb-41b4-84b7-331b133fb19c/started.20261399T251530.123Z.json")]
    [InlineData("index/c/../f14c25a2-79eb-41b4-84b7-331b133fb19c/started.20261122T101530.123Z.json")]
    [InlineData("index/c/-t/f14c25a2-79eb-41b4-84b7-331b133fb19c/started.20261122T101530.123Z.json")]
    [InlineData("index/c/t/not-a-guid/started.20261122T101530.123Z.json")]
    public void Malformed_markers_from_an_untrusted_location_are_ignored(string key)
    {
        Assert.Empty(BackupMarker.Summarize([key]));
    }

    [Theory]
    [InlineData("Test Cluster", "Test%20Cluster")]
    [InlineData("..", "%2E%2E")]
    [InlineData("a_b-C9", "a_b-C9")]
    [InlineData("é", "%C3%A9")]
    public void Cluster_names_become_one_safe_key_segment(string name, string segment)
    {
        Assert.Equal(segment, RepositoryKeys.Segment(name));
        Assert.Equal(name, RepositoryKeys.DecodeSegment(segment));
    }
}

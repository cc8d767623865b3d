using Amphora.Core.Backup;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;

namespace Amphora.Tests.Backup;

/// <summary>How the index tells an incremental from a snapshot, and what a purge keeps of each: no manifest is read for either.</summary>
public sealed class IncrementalKindTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Host = Guid.Parse("f14c25a2-79eb-41b4-84b7-331b133fb19c");

    [Fact]
    public void Marker_keys_carry_the_incremental_suffix_and_snapshot_keys_stay_as_they_were()
    {
        Assert.Equal($"index/Prod/inc-1/{Host}/started.20261122T120000.000Z.incremental.json",
            BackupMarker.StartedKey("Prod", "inc-1", Host, Now, BackupKind.Incremental));
        Assert.Equal($"index/Prod/inc-1/{Host}/complete.20261122T120000.000Z.files-3.bytes-30.new-0.incremental.json",
            BackupMarker.CompleteKey("Prod", "inc-1", Host, Now, 3, 30, 0, BackupKind.Incremental));
        Assert.Equal($"index/Prod/full/{Host}/started.20261122T120000.000Z.json", BackupMarker.StartedKey("Prod", "full", Host, Now));
        Assert.Throws<ArgumentException>(() => BackupMarker.StartedKey("Prod", "x", Host, Now, "differential"));
    }

    [Fact]
    public void Summaries_give_each_node_backup_its_kind_from_the_keys_alone()
    {
        var parts = BackupMarker.Summarize(
        [
            BackupMarker.StartedKey("Prod", "full", Host, Now.AddHours(-2)),
            BackupMarker.CompleteKey("Prod", "full", Host, Now.AddHours(-1), 5, 50, 50),
            BackupMarker.StartedKey("Prod", "inc-1", Host, Now, BackupKind.Incremental),
            BackupMarker.CompleteKey("Prod", "inc-1", Host, Now.AddMinutes(1), 3, 30, 0, BackupKind.Incremental),
            BackupMarker.StartedKey("Prod", "inc-2", Host, Now.AddMinutes(2), BackupKind.Incremental),
            $"index/Prod/inc-3/{Host}/started.20261122T120000.000Z.differential.json",
        ]).ToDictionary(p => p.Tag);

        Assert.Equal(["full", "inc-1", "inc-2"], parts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((BackupKind.Snapshot, true), (parts["full"].Kind, parts["full"].IsComplete));
        Assert.Equal((BackupKind.Incremental, true, 0L), (parts["inc-1"].Kind, parts["inc-1"].IsComplete, parts["inc-1"].Completion!.NewBytes));
        Assert.Equal((BackupKind.Incremental, false), (parts["inc-2"].Kind, parts["inc-2"].IsComplete));
        Assert.Equal(BackupKind.Incremental, new BackupSummary("Prod", "inc-1", [parts["inc-1"]]).Kind);
    }

    [Fact]
    public void Incremental_tags_are_valid_tags_in_UTC_with_milliseconds()
    {
        var tag = BackupTag.Incremental(new DateTimeOffset(2026, 11, 22, 13, 15, 30, 123, TimeSpan.FromHours(2)));
        Assert.Equal("inc-20261122-111530-123", tag);
        Assert.True(BackupTag.IsValid(tag));
    }

    [Fact]
    public void Retention_counts_snapshots_only_and_keeps_the_incrementals_after_the_oldest_kept_snapshot_started()
    {
        var parts = new[]
        {
            Snapshot("s1", started: -50, finished: -48),
            Incremental("i-before-s1", finished: -55),
            Incremental("i-after-s1", finished: -40),
            Snapshot("s2", started: -30, finished: -20),
            Incremental("i-during-s2", finished: -25),  // may hold an SSTable flushed after s2's snapshot: it stays
            Incremental("i-after-s2", finished: -10),
            Incremental("i-running", finished: null, started: -1),
            Incremental("i-dead", finished: null, started: -60 * 30),
        };

        var expired = new RetentionPolicy(KeepLast: 1, KeepWithin: null, TimeSpan.FromDays(1)).Expired(parts, Now);
        Assert.Equal(["i-after-s1", "i-before-s1", "i-dead", "s1"], expired.Select(p => p.Tag).Order(StringComparer.Ordinal));

        // Keeping two snapshots keeps everything after the older one; incrementals never count toward --keep-last.
        var keepTwo = new RetentionPolicy(KeepLast: 2, KeepWithin: null, TimeSpan.FromDays(1)).Expired(parts, Now);
        Assert.Equal(["i-before-s1", "i-dead"], keepTwo.Select(p => p.Tag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_node_without_a_complete_snapshot_keeps_its_incrementals()
    {
        var parts = new[] { Incremental("i1", finished: -300), Incremental("i2", finished: -200) };
        Assert.Empty(new RetentionPolicy(KeepLast: 1, KeepWithin: TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)).Expired(parts, Now));
    }

    /// <summary>Times in minutes before <see cref="Now"/>.</summary>
    private static NodeBackupSummary Snapshot(string tag, int started, int finished) =>
        new("c", tag, Host, Now.AddMinutes(started), new NodeBackupCompletion(Now.AddMinutes(finished), 10, 1000, 100));

    private static NodeBackupSummary Incremental(string tag, int? finished, int? started = null) =>
        new("c", tag, Host, Now.AddMinutes(started ?? (finished!.Value - 1)),
            finished is { } f ? new NodeBackupCompletion(Now.AddMinutes(f), 2, 200, 20) : null, BackupKind.Incremental);
}

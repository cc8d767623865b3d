using Amphora.Core.Catalog;
using Amphora.Core.Repository;

namespace Amphora.Tests.Catalog;

/// <summary>Retention per node: either rule keeps a backup, the newest complete one always stays, dead partial ones go.</summary>
public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid NodeA = Guid.NewGuid();
    private static readonly Guid NodeB = Guid.NewGuid();

    [Fact]
    public void Keep_last_counts_per_node()
    {
        var parts = Daily(NodeA, 5).Concat(Daily(NodeB, 2)).ToList();
        var expired = new RetentionPolicy(KeepLast: 2, KeepWithin: null, TimeSpan.FromDays(1)).Expired(parts, Now);
        Assert.Equal(["day-2", "day-3", "day-4"], expired.Select(p => p.Tag).Order(StringComparer.Ordinal));
        Assert.All(expired, p => Assert.Equal(NodeA, p.HostId));
    }

    [Fact]
    public void Either_rule_keeps_a_backup()
    {
        var expired = new RetentionPolicy(KeepLast: 1, KeepWithin: TimeSpan.FromDays(2.5), TimeSpan.FromDays(1)).Expired(Daily(NodeA, 5), Now);
        Assert.Equal(["day-3", "day-4"], expired.Select(p => p.Tag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_newest_complete_backup_of_a_node_always_stays()
    {
        var expired = new RetentionPolicy(KeepLast: null, KeepWithin: TimeSpan.FromHours(1), TimeSpan.FromDays(1)).Expired(Daily(NodeA, 3), Now);
        Assert.Equal(["day-1", "day-2"], expired.Select(p => p.Tag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Incomplete_backups_go_after_the_grace_period()
    {
        var parts = new[]
        {
            new NodeBackupSummary("c", "fresh", NodeA, Now.AddHours(-2), null),
            new NodeBackupSummary("c", "old", NodeA, Now.AddDays(-3), null),
        };
        var expired = new RetentionPolicy(KeepLast: 5, KeepWithin: null, TimeSpan.FromDays(1)).Expired(parts, Now);
        Assert.Equal("old", Assert.Single(expired).Tag);
    }

    /// <summary>One complete backup a day, day-0 the newest.</summary>
    private static IEnumerable<NodeBackupSummary> Daily(Guid host, int count) =>
        Enumerable.Range(0, count).Select(day => new NodeBackupSummary("c", $"day-{day}", host, Now.AddDays(-day).AddMinutes(-5),
            new NodeBackupCompletion(Now.AddDays(-day), 10, 1000, 100)));
}

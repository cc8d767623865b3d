using Amphora.Api.Server;
using Amphora.Server.Tasks;

namespace Amphora.Tests.Server;

public sealed class BackupTaskValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly ClusterInfo Cluster = new()
    {
        Name = "prod",
        ClusterName = "Prod",
        Suspended = false,
        DiscoveredAt = Now,
        Nodes = [Node("dc1"), Node("dc1"), Node("dc2")],
    };

    private static ClusterNodeInfo Node(string datacenter) => new()
    {
        Agent = Guid.NewGuid().ToString("N")[..8] + ":7000",
        HostId = Guid.NewGuid(),
        Address = "10.0.0.1",
        Datacenter = datacenter,
        Rack = "r1",
        Tokens = [],
        Version = "5.0",
        Flavour = "cassandra",
    };

    private static string Refusal(BackupTaskSpec spec) =>
        Assert.ThrowsAny<ArgumentException>(() => BackupTaskValidation.Validate(spec, Cluster, [], Now)).Message;

    [Fact]
    public void A_valid_spec_gets_a_default_name_a_start_time_and_its_datacenters()
    {
        var (spec, datacenters, schedule) = BackupTaskValidation.Validate(
            new BackupTaskSpec { Locations = "dc1:file:/b1,dc2:file:/b2", Tables = "shop.*,!shop.audit", RateLimit = "dc1:100,20", Cron = "@daily" },
            Cluster, ["backup-1"], Now);

        Assert.Equal("backup-2", spec.Name);
        Assert.Equal(Now, spec.StartAt);
        Assert.Equal("UTC", spec.TimeZone);
        Assert.Equal(["dc1", "dc2"], datacenters);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), schedule.First(Now));
    }

    [Fact]
    public void Each_bad_option_is_refused_naming_it()
    {
        var valid = new BackupTaskSpec { Locations = "file:/b" };
        Assert.Contains("datacenter dc2", Refusal(valid with { Locations = "dc1:file:/b1" }), StringComparison.Ordinal);
        Assert.Contains("-K", Refusal(valid with { Tables = "shop.orders.x" }), StringComparison.Ordinal);
        Assert.Contains("--rate-limit", Refusal(valid with { RateLimit = "fast" }), StringComparison.Ordinal);
        Assert.Contains("dc9", Refusal(valid with { RateLimit = "dc9:10" }), StringComparison.Ordinal);
        Assert.Contains("--snapshot-parallel", Refusal(valid with { SnapshotParallel = -1 }), StringComparison.Ordinal);
        Assert.Contains("--upload-parallel", Refusal(valid with { UploadParallel = -1 }), StringComparison.Ordinal);
        Assert.Contains("--transfers", Refusal(valid with { Transfers = 0 }), StringComparison.Ordinal);
        Assert.Contains("--retention", Refusal(valid with { RetentionCount = 0 }), StringComparison.Ordinal);
        Assert.Contains("--retention-days", Refusal(valid with { RetentionDays = 0 }), StringComparison.Ordinal);
        Assert.Contains("--retry-wait", Refusal(valid with { RetryWait = "soon" }), StringComparison.Ordinal);
        Assert.Contains("--dc", Refusal(valid with { Datacenters = "us-*" }), StringComparison.Ordinal);
        Assert.Contains("--name", Refusal(valid with { Name = "nightly backup" }), StringComparison.Ordinal);
        Assert.Contains("cron", Refusal(valid with { Cron = "every day" }), StringComparison.Ordinal);
        Assert.Contains("location", Refusal(valid with { Locations = "ftp:somewhere" }), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rate_limits_give_each_datacenter_its_own_or_the_default()
    {
        var limits = RateLimits.Parse("dc1:100,dc2:20.5,50");
        Assert.Equal(100, limits.For("dc1"));
        Assert.Equal(20.5, limits.For("dc2"));
        Assert.Equal(50, limits.For("dc3"));
        Assert.Null(RateLimits.Parse(null).For("dc1"));
        Assert.Throws<ArgumentException>(() => RateLimits.Parse("50,60"));
    }
}

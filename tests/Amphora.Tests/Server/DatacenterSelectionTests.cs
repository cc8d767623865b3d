using Amphora.Server.Scheduling;

namespace Amphora.Tests.Server;

public sealed class DatacenterSelectionTests
{
    private static readonly string[] Datacenters = ["dc1", "dc2", "dc3", "eu-west"];

    [Fact]
    public void Globs_with_exclusions_select_datacenters()
    {
        Assert.Equal(["dc1", "dc2"], DatacenterSelection.Select("dc*,!dc3", Datacenters));
        Assert.Equal(["dc1", "dc2", "dc3"], DatacenterSelection.Select("!eu-*", Datacenters));
        Assert.Equal(["dc2", "eu-west"], DatacenterSelection.Select("dc?,eu-west,!dc1,!dc3", Datacenters));
        Assert.Equal(Datacenters, DatacenterSelection.Select(null, Datacenters));
    }

    [Fact]
    public void A_pattern_matching_no_datacenter_is_refused_naming_the_datacenters()
    {
        var error = Assert.Throws<ArgumentException>(() => DatacenterSelection.Select("dc1,us-*", Datacenters));
        Assert.Contains("'us-*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dc1, dc2, dc3, eu-west", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DatacenterSelection.Select("!dc9", Datacenters));
    }

    [Fact]
    public void Patterns_that_leave_nothing_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DatacenterSelection.Select("dc1,!dc*", Datacenters));
        Assert.Contains("leaves no datacenter", error.Message, StringComparison.Ordinal);
    }
}

using Amphora.Storage;

namespace Amphora.Tests.Storage;

public sealed class LocationSpecTests
{
    [Theory]
    [InlineData("file:/backups", null, LocationKind.File, "/backups", "", "file:/backups")]
    [InlineData("/backups/", null, LocationKind.File, "/backups", "", "file:/backups")]
    [InlineData("file:///backups", null, LocationKind.File, "/backups", "", "file:/backups")]
    [InlineData("s3:my-bucket", null, LocationKind.S3, "my-bucket", "", "s3:my-bucket")]
    [InlineData("s3:my-bucket/prod/cassandra/", null, LocationKind.S3, "my-bucket", "prod/cassandra", "s3:my-bucket/prod/cassandra")]
    [InlineData("azure:backups/eu", null, LocationKind.Azure, "backups", "eu", "azure:backups/eu")]
    [InlineData("gcs:acme_backups", null, LocationKind.Gcs, "acme_backups", "", "gcs:acme_backups")]
    [InlineData("dc1:s3:bucket-eu", "dc1", LocationKind.S3, "bucket-eu", "", "s3:bucket-eu")]
    [InlineData("us-east:file:/mnt/nfs", "us-east", LocationKind.File, "/mnt/nfs", "", "file:/mnt/nfs")]
    [InlineData("dc2:/mnt/nfs", "dc2", LocationKind.File, "/mnt/nfs", "", "file:/mnt/nfs")]
    public void Locations_parse_into_datacenter_kind_container_and_prefix(
        string text, string? datacenter, LocationKind kind, string container, string prefix, string canonical)
    {
        var location = LocationSpec.Parse(text);
        Assert.Equal((datacenter, kind, container, prefix, canonical), (location.Datacenter, location.Kind, location.Container, location.Prefix, location.Text));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ftp:server/dir", "unknown kind of location")]
    [InlineData("file:relative/dir", "absolute path")]
    [InlineData("s3:", "the bucket is missing")]
    [InlineData("s3:My_Bucket", "not a valid s3 bucket name")]
    [InlineData("azure:a--b", "not a valid azure container name")]
    [InlineData("gcs:bkt/x/../y", "'..'")]
    [InlineData("s3:bucket/.amphora-uploads", "reserved")]
    [InlineData("dc 1:s3:bucket", "neither a kind of location")]
    public void Bad_locations_are_refused_with_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LocationSpec.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_uses_its_datacenters_location_or_the_one_for_all()
    {
        var list = LocationList.Parse("dc1:s3:bucket-eu, dc2:s3:bucket-us,file:/fallback");
        Assert.True(list.IsPerDatacenter);
        Assert.Equal("s3:bucket-eu", list.For("dc1").Text);
        Assert.Equal("s3:bucket-us", list.For("dc2").Text);
        Assert.Equal("file:/fallback", list.For("dc3").Text);
    }

    [Fact]
    public void A_datacenter_without_a_location_is_named()
    {
        var list = LocationList.Parse("dc1:s3:bucket-eu,dc2:s3:bucket-us");
        var error = Assert.Throws<ArgumentException>(() => list.For("dc3"));
        Assert.Contains("no location for datacenter dc3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LocationList.Parse("dc1:s3:a1b,dc1:s3:c2d"));
        Assert.Throws<ArgumentException>(() => LocationList.Parse("s3:a1b,gcs:c2d"));
    }
}

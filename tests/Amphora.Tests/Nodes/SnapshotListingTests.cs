using Amphora.Nodes;

namespace Amphora.Tests.Nodes;

public sealed class SnapshotListingTests
{
    [Fact]
    public void Parses_a_real_Cassandra_41_listsnapshots_output()
    {
        const string output = """
            Snapshot Details: 
            Snapshot name Keyspace name Column family name True size Size on disk Creation time            Expiration time
            TEST_DB       TEST_DB       user               1.07 KiB  6.25 KiB     2023-11-16T06:48:49.071Z                
            TEST_DB       TEST_DB       video              1.04 KiB  6.07 KiB     2023-11-16T06:48:49.071Z                

            Total TrueDiskSpaceUsed: 0 bytes

            """;
        var rows = SnapshotListing.Parse(output.ReplaceLineEndings("\n"));
        Assert.Equal(2, rows.Count);
        Assert.Equal(new SnapshotListing("TEST_DB", "TEST_DB", "video", "1.04 KiB", "6.07 KiB", "2023-11-16T06:48:49.071Z"), rows[1]);
    }

    [Fact]
    public void No_snapshots_is_an_empty_list()
    {
        Assert.Empty(SnapshotListing.Parse("Snapshot Details: \nThere are no snapshots\n"));
    }
}

using Amphora.Core.CommitLogs;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary>Shipping a spool of real hard-linked segments to a real local location, with faults where a location can fail.</summary>
public sealed class CommitLogShipperTests : IDisposable
{
    private static readonly SpooledNodeIdentity Node = CommitLogTestData.Node with { Cluster = "Prod cluster/eu" };
    private readonly TempDirectory _directory = new();

    private string CommitLogDirectory => Path.Combine(_directory.Path, "commitlog");

    private SegmentSpool Spool => new(SegmentSpool.DefaultFor(CommitLogDirectory));

    private LocalObjectStore Location => new(Path.Combine(_directory.Path, "location"));

    [Fact]
    public async Task Shipped_segments_are_listed_with_their_records_and_leave_the_spool()
    {
        var closedAt = new DateTimeOffset(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);
        var first = Archive(1763806530123, 30_000, closedAt);
        var second = Archive(1763806530124, 50_000, closedAt.AddMinutes(5));

        var report = await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);

        Assert.Equal([CommitLogTestData.Name(1763806530123), CommitLogTestData.Name(1763806530124)], report.Shipped.Select(s => s.Name));
        Assert.Empty(Directory.GetFiles(Spool.Directory, "CommitLog-*"));
        var listed = await new CommitLogArchive(Location).ListAsync(Node.Cluster, Node.HostId, CancellationToken.None);
        Assert.Equal([1763806530123L, 1763806530124L], listed.Select(s => s.SegmentId));
        var segment = listed[1];
        Assert.Equal(("Prod cluster/eu", Node.HostId, 7, 50_000L, closedAt.AddMinutes(5)), (segment.Cluster, segment.HostId, segment.CommitLogVersion, segment.Size, segment.ClosedAt));
        Assert.Equal($"commitlog/Prod%20cluster%2Feu/{Node.HostId:D}/CommitLog-7-1763806530124.log", segment.Key);
        Assert.Equal((await HashingReadStream.HashAsync(File.OpenRead(second), null, CancellationToken.None)).Hash.Hex, segment.Sha256);
        Assert.Equal(await File.ReadAllBytesAsync(second), await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "location", segment.Key)));

        var restored = Path.Combine(_directory.Path, "restored", "CommitLog-7-1763806530123.log");
        Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
        await new CommitLogArchive(Location).DownloadAsync(listed[0], restored, CancellationToken.None);
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(restored));
        Assert.Equal(listed, await new CommitLogArchive(Location).ListAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_record_holds_the_documented_fields()
    {
        Archive(1763806530123, 1000, DateTimeOffset.UtcNow);
        await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);

        var json = await File.ReadAllTextAsync(Path.Combine(_directory.Path, "location", $"commitlog/Prod%20cluster%2Feu/{Node.HostId:D}/CommitLog-7-1763806530123.log.json"));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(
            ["format", "format_version", "cluster", "host_id", "datacenter", "rack", "hostname", "name", "commitlog_version", "segment_id", "size", "sha256", "closed_at", "uploaded_at"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("amphora-commitlog-segment", document.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_failing_location_keeps_every_spool_link_and_the_next_pass_ships_them()
    {
        Archive(1763806530123);
        Archive(1763806530124);
        var failing = new FaultInjectingObjectStore(Location)
        {
            FailCall = (operation, key, _) => operation.StartsWith("put", StringComparison.Ordinal) && key.EndsWith(".json", StringComparison.Ordinal)
                ? new StorageException("the location refused the write")
                : null,
        };

        await Assert.ThrowsAsync<StorageException>(() => new CommitLogShipper(Spool, failing, Node).ShipAsync(CancellationToken.None));

        Assert.Equal(2, Directory.GetFiles(Spool.Directory, "CommitLog-*").Length);
        Assert.Empty(await new CommitLogArchive(Location).ListAllAsync(CancellationToken.None)); // bytes without a record are not archived

        var report = await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);
        Assert.Equal(2, report.Shipped.Count);
        Assert.Empty(Directory.GetFiles(Spool.Directory, "CommitLog-*"));
    }

    [Fact]
    public async Task An_upload_broken_midway_keeps_the_spool_link()
    {
        Archive(1763806530123, 200_000);
        var failing = new FaultInjectingObjectStore(Location) { FailUploadsAfter = (100_000, () => new IOException("connection reset")) };

        await Assert.ThrowsAsync<IOException>(() => new CommitLogShipper(Spool, failing, Node).ShipAsync(CancellationToken.None));

        Assert.Single(Directory.GetFiles(Spool.Directory, "CommitLog-*"));
        Assert.Empty(await new CommitLogArchive(Location).ListAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Shipping_a_segment_archived_already_only_removes_the_spool_link()
    {
        var segment = Archive(1763806530123);
        await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);
        SegmentSpool.Archive(segment, Path.GetFileName(segment), Spool.Directory);
        var counting = new FaultInjectingObjectStore(Location);

        var report = await new CommitLogShipper(Spool, counting, Node).ShipAsync(CancellationToken.None);

        Assert.Equal([CommitLogTestData.Name(1763806530123)], report.AlreadyArchived);
        Assert.Empty(report.Shipped);
        Assert.Equal(0, counting.Calls("put") + counting.Calls("put-if-absent"));
        Assert.Empty(Directory.GetFiles(Spool.Directory, "CommitLog-*"));
    }

    [Fact]
    public async Task The_same_name_with_other_bytes_is_never_overwritten_and_stays_spooled()
    {
        var original = Archive(1763806530123);
        await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);
        var archived = (await new CommitLogArchive(Location).ListAllAsync(CancellationToken.None)).Single();
        File.Delete(original);
        Archive(1763806530123); // another segment under the same name, e.g. a node whose host id was reused

        var report = await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);

        var conflict = Assert.Single(report.Conflicts);
        Assert.Contains("already holds a different segment", conflict.Problem, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Spool.Directory, "CommitLog-*"));
        Assert.Equal(archived, (await new CommitLogArchive(Location).ListAllAsync(CancellationToken.None)).Single());
    }

    [Fact]
    public async Task Files_that_are_not_segments_are_reported_and_left_alone()
    {
        Archive(1763806530123);
        var stray = Spool.PathOf("notes.txt");
        await File.WriteAllTextAsync(stray, "someone's notes");

        var report = await new CommitLogShipper(Spool, Location, Node).ShipAsync(CancellationToken.None);

        Assert.Equal(["notes.txt"], report.Foreign);
        Assert.True(File.Exists(stray));
        Assert.Single(report.Shipped);
    }

    [Fact]
    public async Task A_node_that_cannot_answer_is_known_from_the_spool_cache_or_refused_clearly()
    {
        Directory.CreateDirectory(Spool.Directory);
        var down = new NodetoolNodeAdapter(new CassandraYaml("/nonexistent/cassandra.yaml", "c", [], CommitLogDirectory, false), new Nodetool("false"));

        var refused = await Assert.ThrowsAsync<IOException>(() => SpooledNodeIdentity.ResolveAsync(down, Spool, CancellationToken.None));
        Assert.Contains("does not remember it", refused.Message, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(Spool.PathOf(SpooledNodeIdentity.FileName), RepositoryJson.Serialize(Node));
        Assert.Equal(Node, await SpooledNodeIdentity.ResolveAsync(down, Spool, CancellationToken.None));
    }

    private string Archive(long id, int size = 40_000, DateTimeOffset? closedAt = null) => CommitLogTestData.WriteAndArchive(CommitLogDirectory, id, size, closedAt);

    public void Dispose() => _directory.Dispose();
}

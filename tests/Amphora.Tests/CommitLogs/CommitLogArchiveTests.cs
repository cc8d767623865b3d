using System.Text.Json.Nodes;
using Amphora.Core.CommitLogs;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary>Records and bytes in a location are untrusted: the reading API refuses what does not add up, naming the key.</summary>
public sealed class CommitLogArchiveTests : IDisposable
{
    private static readonly SpooledNodeIdentity Node = CommitLogTestData.Node;
    private readonly TempDirectory _directory = new();

    private string LocationDirectory => Path.Combine(_directory.Path, "location");

    private string RecordPath => Path.Combine(LocationDirectory, "commitlog", "prod", Node.HostId.ToString("D"), "CommitLog-7-1763806530123.log.json");

    [Theory]
    [InlineData("name", "\"CommitLog-7-1763806530123.log.gz\"", "is not a commit log segment name")]
    [InlineData("name", "\"CommitLog-7-1763806530999.log\"", "differs from its key's")]
    [InlineData("segment_id", "42", "differ from its name's")]
    [InlineData("size", "-1", "is not a segment's")]
    [InlineData("size", "99999999999", "is not a segment's")]
    [InlineData("sha256", "\"ABC\"", "is not 64 lowercase hex digits")]
    [InlineData("host_id", "\"00000000-0000-0000-0000-000000000001\"", "differs from its key's")]
    [InlineData("format_version", "2", "upgrade Amphora")]
    [InlineData("cluster", "\"other\"", "differs from its key's")]
    public async Task A_tampered_record_is_refused_naming_its_key(string field, string value, string problem)
    {
        await ShipOneAsync();
        var record = JsonNode.Parse(await File.ReadAllTextAsync(RecordPath))!.AsObject();
        record[field] = JsonNode.Parse(value);
        await File.WriteAllTextAsync(RecordPath, record.ToJsonString());

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => new CommitLogArchive(new LocalObjectStore(LocationDirectory)).ListAllAsync(CancellationToken.None));

        Assert.Contains($"commitlog/prod/{Node.HostId:D}/CommitLog-7-1763806530123.log.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_that_is_not_json_is_refused_naming_its_key()
    {
        await ShipOneAsync();
        await File.WriteAllTextAsync(RecordPath, "{\"format\":");

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => new CommitLogArchive(new LocalObjectStore(LocationDirectory)).ListAsync("prod", Node.HostId, CancellationToken.None));

        Assert.Contains("CommitLog-7-1763806530123.log.json", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Altered_bytes_fail_the_download_and_leave_no_file(bool longer)
    {
        await ShipOneAsync();
        var archive = new CommitLogArchive(new LocalObjectStore(LocationDirectory));
        var segment = (await archive.ListAllAsync(CancellationToken.None)).Single();
        var bytesPath = Path.Combine(LocationDirectory, segment.Key);
        var bytes = await File.ReadAllBytesAsync(bytesPath);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(bytesPath, longer ? [.. bytes, 0] : bytes);
        var destination = Path.Combine(_directory.Path, "restore", segment.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => archive.DownloadAsync(segment, destination, CancellationToken.None));

        Assert.Contains(segment.Key, refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(destination)!));
    }

    private async Task ShipOneAsync()
    {
        var commitLog = Path.Combine(_directory.Path, "commitlog");
        CommitLogTestData.WriteAndArchive(commitLog, 1763806530123);
        var report = await new CommitLogShipper(new SegmentSpool(SegmentSpool.DefaultFor(commitLog)), new LocalObjectStore(LocationDirectory), Node)
            .ShipAsync(CancellationToken.None);
        Assert.Single(report.Shipped);
    }

    public void Dispose() => _directory.Dispose();
}

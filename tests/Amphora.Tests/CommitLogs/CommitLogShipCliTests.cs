using System.Text.Json;
using Amphora.Core.CommitLogs;
using Amphora.Core.Repository;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary>
/// A sandbox node set up with <c>commitlog setup</c>, its finished segments archived with the command the setup wrote (the
/// sandbox does not run archive_command itself), shipped with <c>commitlog ship</c> and listed with <c>commitlog list</c>.
/// </summary>
public sealed class CommitLogShipCliTests : IDisposable
{
    private readonly CliBench _bench = new();

    [Fact]
    public async Task Finished_segments_of_a_node_are_archived_shipped_and_listed()
    {
        CliBench.Ok(CliBench.Amphora("commitlog", "setup", "--cassandra-yaml", _bench.CassandraYaml));
        _bench.Sandbox.Write("ks.t", 12_000, valueSize: 120); // well over one 1 MiB segment
        var commitLog = _bench.Sandbox.Config().CommitLogDirectory;
        var finished = Directory.GetFiles(commitLog, "CommitLog-*.log")
            .OrderBy(p => CommitLogSegmentName.TryParse(Path.GetFileName(p))!.Id).SkipLast(1).ToList(); // the newest is still written
        Assert.NotEmpty(finished);
        var properties = await CommitLogArchivingProperties.LoadOrEmptyAsync(CommitLogArchivingProperties.PathBeside(_bench.CassandraYaml), CancellationToken.None);
        foreach (var segment in finished)
        {
            var words = CommitLogArchivingProperties.CommandArguments(properties.ArchiveCommand!,
                new Dictionary<string, string> { ["%path"] = segment, ["%name"] = Path.GetFileName(segment) });
            CliBench.Ok(ProcessRunner.Run(words[0], words.Skip(1)));
        }

        var shipped = CliBench.Ok(CliBench.Amphora("commitlog", "ship", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", _bench.Sandbox.NodetoolPath(), "--location", _bench.Location));

        Assert.Equal(finished.Count, shipped.Split('\n').Count(l => l.StartsWith("Shipped ", StringComparison.Ordinal)));
        var spool = SegmentSpool.DefaultFor(commitLog);
        Assert.Equal([SpooledNodeIdentity.FileName], Directory.GetFileSystemEntries(spool).Select(Path.GetFileName));
        var json = CliBench.Ok(CliBench.Amphora("commitlog", "list", "--location", _bench.Location, "--output", "json", "--segments"));
        using var document = JsonDocument.Parse(json);
        var node = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal(finished.Count, node.GetProperty("segments").GetInt32());
        Assert.Equal(Path.GetFileName(finished[^1]), node.GetProperty("newest_segment").GetString());
        Assert.Equal(finished.Count, node.GetProperty("segment_spans").GetArrayLength());
        var archived = await new CommitLogArchive(new LocalObjectStore(_bench.LocationDirectory)).ListAllAsync(CancellationToken.None);
        Assert.Equal(finished.Select(Path.GetFileName), archived.Select(s => s.Name));
        Assert.All(archived.Zip(finished), pair => Assert.Equal(new FileInfo(pair.Second).Length, pair.First.Size));
    }

    [Fact]
    public async Task List_shows_the_RPO_and_warns_when_no_segment_came_in_the_last_hour()
    {
        var location = new LocalObjectStore(_bench.LocationDirectory);
        await BackupRepository.OpenAsync(location, create: true, CancellationToken.None);
        var commitLog = Path.Combine(_bench.LocationDirectory, "..", "commitlog");
        var node = CommitLogTestData.Node;
        var closed = DateTimeOffset.UtcNow.AddHours(-3);
        foreach (var (id, at) in new[] { (1763806530123L, closed.AddMinutes(-30)), (1763806530124L, closed) })
        {
            CommitLogTestData.WriteAndArchive(commitLog, id, closedAt: at);
        }

        await new CommitLogShipper(new SegmentSpool(SegmentSpool.DefaultFor(commitLog)), location, node).ShipAsync(CancellationToken.None);

        var text = CliBench.Ok(CliBench.Amphora("commitlog", "list", "--location", _bench.Location, "--segments"));
        Assert.Contains($"Node {node.HostId} (cluster 'prod'): 2 segments", text, StringComparison.Ordinal);
        Assert.Contains("RPO 3h", text, StringComparison.Ordinal);
        Assert.Contains("covers 30m", text, StringComparison.Ordinal);
        Assert.Contains("no segment was archived in the last hour", text, StringComparison.Ordinal);
        Assert.Contains("(unknown)", text, StringComparison.Ordinal);
        var other = CliBench.Ok(CliBench.Amphora("commitlog", "list", "--location", _bench.Location, "--cluster", "other"));
        Assert.Contains("holds no archived commit log segment", other, StringComparison.Ordinal);
    }

    public void Dispose() => _bench.Dispose();
}

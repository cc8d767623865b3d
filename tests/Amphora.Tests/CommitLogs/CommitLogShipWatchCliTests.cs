using Amphora.Core.CommitLogs;
using Amphora.Core.Repository;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.CommitLogs;

/// <summary><c>commitlog ship</c> as a process while the node is down (its nodetool fails): once, and with --watch until SIGTERM.</summary>
public sealed class CommitLogShipWatchCliTests : IDisposable
{
    private static readonly SpooledNodeIdentity Node = CommitLogTestData.Node;
    private readonly TempDirectory _directory = new();

    public CommitLogShipWatchCliTests()
    {
        File.WriteAllText(CassandraYaml, $"cluster_name: prod\ncommitlog_directory: {CommitLogDirectory}\n");
    }

    private string CassandraYaml => Path.Combine(_directory.Path, "cassandra.yaml");

    private string CommitLogDirectory => Path.Combine(_directory.Path, "commitlog");

    private string Spool => SegmentSpool.DefaultFor(CommitLogDirectory);

    private string LocationDirectory => Path.Combine(_directory.Path, "location");

    private string[] Ship => ["commitlog", "ship", "--cassandra-yaml", CassandraYaml, "--nodetool", "false", "--location", "file:" + LocationDirectory];

    [Fact]
    public void A_down_node_with_no_cached_identity_is_a_clear_error_and_keeps_the_spool()
    {
        var segment = CommitLogTestData.WriteAndArchive(CommitLogDirectory, 1763806530123);

        var result = CliBench.Amphora(Ship);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("start the node and ship once while it runs", result.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Spool, Path.GetFileName(segment))));
    }

    [Fact]
    public async Task Watch_ships_what_arrives_with_the_cached_identity_until_terminated()
    {
        Directory.CreateDirectory(Spool);
        await File.WriteAllBytesAsync(Path.Combine(Spool, SpooledNodeIdentity.FileName), RepositoryJson.Serialize(Node));
        using var watch = ProcessRunner.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. Ship, "--watch", "--interval", "1s"]);
        var stdout = watch.StandardOutput.ReadToEndAsync();
        var stderr = watch.StandardError.ReadToEndAsync();
        try
        {
            var segment = CommitLogTestData.WriteAndArchive(CommitLogDirectory, 1763806530123);
            var archive = new CommitLogArchive(new LocalObjectStore(LocationDirectory));
            for (var attempt = 0; attempt < 600 && Directory.GetFiles(Spool, "CommitLog-*").Length > 0; attempt++)
            {
                await Task.Delay(100);
            }

            Assert.Empty(Directory.GetFiles(Spool, "CommitLog-*"));
            Assert.Equal(Path.GetFileName(segment), (await archive.ListAsync(Node.Cluster, Node.HostId, CancellationToken.None)).Single().Name);
        }
        finally
        {
            CliBench.Ok(ProcessRunner.Run("kill", ["-TERM", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            await watch.WaitForExitAsync();
        }

        Assert.True(watch.ExitCode == 0, $"exit {watch.ExitCode}: {await stderr}");
        Assert.Contains("Stopped.", await stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}

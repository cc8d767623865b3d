using Amphora.Api.Agent;
using Amphora.Api.Server;
using Amphora.Server.State;
using Amphora.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Amphora.Tests.Server;

public sealed class SqliteServerStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));

    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state", "server.db");

    private static StoredCluster Cluster(string name) => new()
    {
        Info = new ClusterInfo
        {
            Name = name,
            ClusterName = "Prod Cluster",
            Suspended = false,
            DiscoveredAt = Now,
            Nodes =
            [
                new ClusterNodeInfo
                {
                    Agent = "10.0.0.1:7000", HostId = Guid.NewGuid(), Address = "10.0.0.1", Datacenter = "dc1", Rack = "r1",
                    Tokens = ["-5", "7"], Version = "5.0.2", Flavour = "scylla",
                },
            ],
        },
        Token = "secret",
        CaCertificatePem = "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n",
        Fingerprints = new Dictionary<string, string> { ["10.0.0.1:7000"] = "ab:cd" },
    };

    private static TaskInfo Task(string cluster, string name) => new()
    {
        Id = Guid.NewGuid(),
        Cluster = cluster,
        Name = name,
        Kind = "backup",
        Spec = new BackupTaskSpec { Name = name, Locations = "dc1:s3:eu", Cron = "@daily", TimeZone = "Europe/Paris", RetentionCount = 7, StartAt = Now },
        Enabled = true,
        NextRunAt = Now.AddHours(3),
    };

    private static RunInfo Run(Guid task, DateTimeOffset startedAt, string status) => new()
    {
        Id = Guid.NewGuid(),
        TaskId = task,
        Tag = "nightly-" + startedAt.ToUnixTimeSeconds(),
        Status = status,
        StartedAt = startedAt,
        Nodes =
        [
            new NodeRunInfo
            {
                HostId = Guid.NewGuid(), Agent = "10.0.0.1:7000", Datacenter = "dc1", Stage = NodeStage.Uploading, SnapshotAt = startedAt,
                Totals = new TransferCounters { Files = 3, Bytes = 300, UploadedFiles = 1, UploadedBytes = 100 },
                Tables = [new TableProgress("shop", "orders", new TransferCounters { Files = 3, Bytes = 300, SkippedFiles = 1, SkippedBytes = 100 })],
                BytesPerSecond = 12.5, Eta = TimeSpan.FromSeconds(16),
            },
        ],
    };

    [Fact]
    public async Task Clusters_tasks_and_runs_round_trip_through_the_file()
    {
        var cluster = Cluster("prod");
        var task = Task("prod", "nightly");
        var older = Run(task.Id, Now, RunStatus.Failed) with { Error = "node down", FinishedAt = Now.AddMinutes(5) };
        var newer = Run(task.Id, Now.AddHours(1), RunStatus.Running);
        using (var store = await SqliteServerStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
            Assert.True(await store.AddClusterAsync(cluster, CancellationToken.None));
            Assert.False(await store.AddClusterAsync(cluster, CancellationToken.None));
            Assert.True(await store.AddTaskAsync(task, CancellationToken.None));
            Assert.False(await store.AddTaskAsync(task with { Id = Guid.NewGuid() }, CancellationToken.None));
            await store.SaveRunAsync(older, CancellationToken.None);
            await store.SaveRunAsync(newer, CancellationToken.None);
            await store.SaveRunAsync(newer with { Status = RunStatus.Succeeded }, CancellationToken.None);
        }

        using var reopened = await SqliteServerStore.OpenAsync(DatabasePath, CancellationToken.None);
        var readCluster = Assert.Single(await reopened.ClustersAsync(CancellationToken.None));
        Assert.Equal(cluster.Info with { Nodes = [] }, readCluster.Info with { Nodes = [] });
        Assert.Equivalent(cluster.Info.Nodes, readCluster.Info.Nodes, strict: true);
        Assert.Equal(cluster.Token, readCluster.Token);
        Assert.Equal(cluster.CaCertificatePem, readCluster.CaCertificatePem);
        Assert.Equal(cluster.Fingerprints, readCluster.Fingerprints);

        var readTask = await reopened.TaskAsync(task.Id, CancellationToken.None);
        Assert.NotNull(readTask);
        Assert.Equal(task.Spec, readTask.Spec);
        Assert.Equal(task.NextRunAt, readTask.NextRunAt);
        Assert.True(readTask.Enabled);

        var runs = await reopened.RunsAsync(task.Id, CancellationToken.None);
        Assert.Equal([newer.Id, older.Id], runs.Select(run => run.Id));
        Assert.Equal(RunStatus.Succeeded, runs[0].Status);
        Assert.Equal("node down", runs[1].Error);
        Assert.Equal(older.FinishedAt, runs[1].FinishedAt);
        Assert.Equivalent(newer.Nodes, runs[0].Nodes, strict: true);
        Assert.Equal(newer.Id, (await reopened.LatestRunAsync(task.Id, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task Updates_and_removals_reach_tasks_and_runs()
    {
        using var store = await SqliteServerStore.OpenAsync(DatabasePath, CancellationToken.None);
        var cluster = Cluster("prod");
        var task = Task("prod", "nightly");
        await store.AddClusterAsync(cluster, CancellationToken.None);
        await store.AddTaskAsync(task, CancellationToken.None);
        await store.SaveRunAsync(Run(task.Id, Now, RunStatus.Stopped), CancellationToken.None);

        await store.UpdateTaskAsync(task with { Enabled = false, NextRunAt = null, ConsecutiveFailures = 2 }, CancellationToken.None);
        var updated = await store.TaskAsync(task.Id, CancellationToken.None);
        Assert.Equal((false, null, 2), (updated!.Enabled, updated.NextRunAt, updated.ConsecutiveFailures));

        await store.UpdateClusterAsync(cluster with { Info = cluster.Info with { Suspended = true } }, CancellationToken.None);
        Assert.True((await store.ClusterAsync("prod", CancellationToken.None))!.Info.Suspended);

        await store.RemoveClusterAsync("prod", CancellationToken.None);
        Assert.Null(await store.ClusterAsync("prod", CancellationToken.None));
        Assert.Empty(await store.TasksAsync(null, CancellationToken.None));
        Assert.Empty(await store.RunsAsync(task.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_schema_version_is_recorded_and_a_newer_one_refused()
    {
        using (await SqliteServerStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM schema_version";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            command.CommandText = "UPDATE schema_version SET version = 99";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SqliteServerStore.OpenAsync(DatabasePath, CancellationToken.None));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}

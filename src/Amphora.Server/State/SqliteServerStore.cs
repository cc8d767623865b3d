using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Amphora.Api.Server;
using Microsoft.Data.Sqlite;

namespace Amphora.Server.State;

/// <summary>
/// <see cref="IServerStore"/> in a SQLite file (WAL journal, so reads run beside the one writer). The schema is created or
/// migrated on open and its version kept in <c>schema_version</c>. Times are UTC ISO 8601 text, documents JSON text: both
/// portable to PostgreSQL.
/// </summary>
public sealed class SqliteServerStore : IServerStore, IDisposable
{
    private const int SchemaVersion = 1;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE clusters (
            name TEXT PRIMARY KEY,
            cluster_name TEXT NOT NULL,
            token TEXT NOT NULL,
            ca_pem TEXT,
            fingerprints TEXT NOT NULL,
            suspended INTEGER NOT NULL,
            topology TEXT NOT NULL,
            discovered_at TEXT NOT NULL);
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            cluster TEXT NOT NULL REFERENCES clusters (name),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            spec TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            next_run_at TEXT,
            consecutive_failures INTEGER NOT NULL,
            UNIQUE (cluster, name));
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            task TEXT NOT NULL REFERENCES tasks (id),
            tag TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            error TEXT,
            nodes TEXT NOT NULL);
        CREATE INDEX runs_by_task ON runs (task, started_at);
        """,
    ];

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private readonly string _connectionString;

    // One writer at a time: a run's saves never interleave with another write.
    private readonly SemaphoreSlim _writer = new(1, 1);

    private SqliteServerStore(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating the file and its directory if needed) and migrates the database.</summary>
    public static async Task<SqliteServerStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"cannot create {directory} for the server database: {e.Message} Set database.sqlite to a writable path.", e);
        }

        var store = new SqliteServerStore(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    public async Task<bool> AddClusterAsync(StoredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return await WriteAsync(async connection =>
        {
            if (await ScalarAsync(connection, "SELECT COUNT(*) FROM clusters WHERE name = $name", cancellationToken, ("$name", cluster.Name)).ConfigureAwait(false) > 0)
            {
                return false;
            }

            await ExecuteAsync(connection,
                """
                INSERT INTO clusters (name, cluster_name, token, ca_pem, fingerprints, suspended, topology, discovered_at)
                VALUES ($name, $cluster_name, $token, $ca_pem, $fingerprints, $suspended, $topology, $discovered_at)
                """,
                cancellationToken, ClusterParameters(cluster)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredCluster?> ClusterAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT * FROM clusters WHERE name = $name", ReadCluster, cancellationToken, ("$name", name)).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<StoredCluster>> ClustersAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM clusters ORDER BY name", ReadCluster, cancellationToken);

    public Task UpdateClusterAsync(StoredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return WriteAsync(connection => ExecuteAsync(connection,
            """
            UPDATE clusters SET cluster_name = $cluster_name, token = $token, ca_pem = $ca_pem, fingerprints = $fingerprints,
                suspended = $suspended, topology = $topology, discovered_at = $discovered_at
            WHERE name = $name
            """,
            cancellationToken, ClusterParameters(cluster)), cancellationToken);
    }

    public Task RemoveClusterAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(connection => ExecuteAsync(connection,
            """
            DELETE FROM runs WHERE task IN (SELECT id FROM tasks WHERE cluster = $name);
            DELETE FROM tasks WHERE cluster = $name;
            DELETE FROM clusters WHERE name = $name;
            """,
            cancellationToken, ("$name", name)), cancellationToken);

    public async Task<bool> AddTaskAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return await WriteAsync(async connection =>
        {
            if (await ScalarAsync(connection, "SELECT COUNT(*) FROM tasks WHERE cluster = $cluster AND name = $name", cancellationToken,
                    ("$cluster", task.Cluster), ("$name", task.Name)).ConfigureAwait(false) > 0)
            {
                return false;
            }

            await ExecuteAsync(connection,
                """
                INSERT INTO tasks (id, cluster, name, kind, spec, enabled, next_run_at, consecutive_failures)
                VALUES ($id, $cluster, $name, $kind, $spec, $enabled, $next_run_at, $consecutive_failures)
                """,
                cancellationToken,
                ("$id", task.Id.ToString()), ("$cluster", task.Cluster), ("$name", task.Name), ("$kind", task.Kind),
                ("$spec", JsonSerializer.Serialize(task.Spec, Json)), ("$enabled", task.Enabled ? 1 : 0),
                ("$next_run_at", Time(task.NextRunAt)), ("$consecutive_failures", task.ConsecutiveFailures)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TaskInfo?> TaskAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT * FROM tasks WHERE id = $id", ReadTask, cancellationToken, ("$id", id.ToString())).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<TaskInfo>> TasksAsync(string? cluster, CancellationToken cancellationToken) => cluster is null
        ? QueryAsync("SELECT * FROM tasks ORDER BY cluster, name", ReadTask, cancellationToken)
        : QueryAsync("SELECT * FROM tasks WHERE cluster = $cluster ORDER BY name", ReadTask, cancellationToken, ("$cluster", cluster));

    public Task UpdateTaskAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync(connection => ExecuteAsync(connection,
            "UPDATE tasks SET enabled = $enabled, next_run_at = $next_run_at, consecutive_failures = $consecutive_failures WHERE id = $id",
            cancellationToken,
            ("$id", task.Id.ToString()), ("$enabled", task.Enabled ? 1 : 0), ("$next_run_at", Time(task.NextRunAt)),
            ("$consecutive_failures", task.ConsecutiveFailures)), cancellationToken);
    }

    public Task RemoveTaskAsync(Guid id, CancellationToken cancellationToken) =>
        WriteAsync(connection => ExecuteAsync(connection, "DELETE FROM runs WHERE task = $id; DELETE FROM tasks WHERE id = $id;",
            cancellationToken, ("$id", id.ToString())), cancellationToken);

    public Task SaveRunAsync(RunInfo run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(connection => ExecuteAsync(connection,
            """
            INSERT INTO runs (id, task, tag, status, started_at, finished_at, error, nodes)
            VALUES ($id, $task, $tag, $status, $started_at, $finished_at, $error, $nodes)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at, error = excluded.error,
                nodes = excluded.nodes
            """,
            cancellationToken,
            ("$id", run.Id.ToString()), ("$task", run.TaskId.ToString()), ("$tag", run.Tag), ("$status", run.Status),
            ("$started_at", Time(run.StartedAt)), ("$finished_at", Time(run.FinishedAt)), ("$error", run.Error),
            ("$nodes", JsonSerializer.Serialize(run.Nodes, Json))), cancellationToken);
    }

    public Task<IReadOnlyList<RunInfo>> RunsAsync(Guid taskId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM runs WHERE task = $task ORDER BY started_at DESC, id", ReadRun, cancellationToken, ("$task", taskId.ToString()));

    public async Task<RunInfo?> LatestRunAsync(Guid taskId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT * FROM runs WHERE task = $task ORDER BY started_at DESC, id LIMIT 1", ReadRun, cancellationToken,
            ("$task", taskId.ToString())).ConfigureAwait(false)).SingleOrDefault();

    public void Dispose()
    {
        _writer.Dispose();

        // Close this file's pooled connections (and only this file's), so it can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async connection =>
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken)
                .ConfigureAwait(false);
            var version = await ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
            if (version > SchemaVersion)
            {
                throw new InvalidDataException(
                    $"the server database has schema version {version}, newer than this Amphora's {SchemaVersion}: run the newer Amphora, or point database.sqlite elsewhere.");
            }

            for (var next = (int)version; next < SchemaVersion; next++)
            {
                using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, Migrations[next], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version);", cancellationToken,
                    ("$version", next + 1)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await write(connection).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private Task<bool> WriteAsync(Func<SqliteConnection, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            // Several statements (a cascade of deletes) commit together.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await write(connection).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static (string, object?)[] ClusterParameters(StoredCluster cluster) =>
    [
        ("$name", cluster.Name), ("$cluster_name", cluster.Info.ClusterName), ("$token", cluster.Token), ("$ca_pem", cluster.CaCertificatePem),
        ("$fingerprints", JsonSerializer.Serialize(cluster.Fingerprints, Json)), ("$suspended", cluster.Info.Suspended ? 1 : 0),
        ("$topology", JsonSerializer.Serialize(cluster.Info.Nodes, Json)), ("$discovered_at", Time(cluster.Info.DiscoveredAt)),
    ];

    private static StoredCluster ReadCluster(DbDataReader row) => new()
    {
        Info = new ClusterInfo
        {
            Name = Text(row, "name")!,
            ClusterName = Text(row, "cluster_name")!,
            Suspended = Number(row, "suspended") != 0,
            Nodes = JsonSerializer.Deserialize<List<ClusterNodeInfo>>(Text(row, "topology")!, Json)!,
            DiscoveredAt = ParseTime(Text(row, "discovered_at"))!.Value,
        },
        Token = Text(row, "token")!,
        CaCertificatePem = Text(row, "ca_pem"),
        Fingerprints = JsonSerializer.Deserialize<Dictionary<string, string>>(Text(row, "fingerprints")!, Json)!,
    };

    private static TaskInfo ReadTask(DbDataReader row) => new()
    {
        Id = Guid.Parse(Text(row, "id")!),
        Cluster = Text(row, "cluster")!,
        Name = Text(row, "name")!,
        Kind = Text(row, "kind")!,
        Spec = JsonSerializer.Deserialize<BackupTaskSpec>(Text(row, "spec")!, Json)!,
        Enabled = Number(row, "enabled") != 0,
        NextRunAt = ParseTime(Text(row, "next_run_at")),
        ConsecutiveFailures = (int)Number(row, "consecutive_failures"),
    };

    private static RunInfo ReadRun(DbDataReader row) => new()
    {
        Id = Guid.Parse(Text(row, "id")!),
        TaskId = Guid.Parse(Text(row, "task")!),
        Tag = Text(row, "tag")!,
        Status = Text(row, "status")!,
        StartedAt = ParseTime(Text(row, "started_at"))!.Value,
        FinishedAt = ParseTime(Text(row, "finished_at")),
        Error = Text(row, "error"),
        Nodes = JsonSerializer.Deserialize<List<NodeRunInfo>>(Text(row, "nodes")!, Json)!,
    };

    private static string? Text(DbDataReader row, string column)
    {
        var ordinal = row.GetOrdinal(column);
        return row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
    }

    private static long Number(DbDataReader row, string column) => row.GetInt64(row.GetOrdinal(column));

    // Fixed-width UTC text sorts in time order in any database.
    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

using System.Text.Json;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary><c>amphora backup</c>, <c>backups</c>, <c>purge</c> and <c>snapshots</c> as an operator runs them: real processes, exit codes, messages.</summary>
public sealed class BackupCliTests : IDisposable
{
    private static readonly string[] SnapshotWrittenFiles = ["manifest.json", "schema.cql"];
    private readonly SandboxHarness _sandbox = new();
    private readonly TempDirectory _directory = new();

    public BackupCliTests() => _sandbox.Write("shop.orders", 500);

    private string Yaml => Path.Combine(_sandbox.Node().Directory, "conf", "cassandra.yaml");

    private string Location => "file:" + Path.Combine(_directory.Path, "location");

    public void Dispose()
    {
        _sandbox.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Backup_list_show_files_delete_through_the_command_line()
    {
        Ok(Backup("--tag", "one"));
        _sandbox.Write("shop.orders", 100, startKey: 500);
        Ok(Backup("--tag", "two", "-K", "shop"));

        var list = Ok(Amphora("backups", "list", "--location", Location, "--output", "json"));
        using (var json = JsonDocument.Parse(list))
        {
            var tags = json.RootElement.EnumerateArray().Select(b => b.GetProperty("tag").GetString()).ToList();
            Assert.Equal(["two", "one"], tags); // newest first
            Assert.All(json.RootElement.EnumerateArray(), b => Assert.True(b.GetProperty("is_complete").GetBoolean()));
            Assert.True(json.RootElement[0].GetProperty("new_bytes").GetInt64() < json.RootElement[1].GetProperty("new_bytes").GetInt64());
        }

        Assert.Matches(@"(?m)^shop\s+orders\s+[0-9a-f]{32}\s+\d+\s+\d+", Ok(Amphora("backups", "show", "two", "--location", Location)));
        var files = Ok(Amphora("backups", "files", "two", "--location", Location));
        Assert.Matches(@"(?m)^[0-9a-f-]{36}  shop/orders-[0-9a-f]{32}/nb-\d+-big-Data\.db  \d+  [0-9a-f]{64}$", files);

        var dryRun = Ok(Amphora("backups", "delete", "one", "--location", Location, "--dry-run"));
        Assert.Contains("Would delete backup one", dryRun, StringComparison.Ordinal);
        Assert.Contains("\"one\"", Ok(Amphora("backups", "list", "--location", Location, "--output", "json")), StringComparison.Ordinal);
        Assert.Contains("Deleted backup one", Ok(Amphora("backups", "delete", "one", "--location", Location)), StringComparison.Ordinal);
        Assert.DoesNotContain("\"one\"", Ok(Amphora("backups", "list", "--location", Location, "--output", "json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Purge_needs_a_retention_rule()
    {
        Ok(Backup("--tag", "one"));
        var result = Amphora("purge", "--location", Location);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--keep-last N and/or --keep-within", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Deleted 0 node backup(s)", Ok(Amphora("purge", "--location", Location, "--keep-last", "3")), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_nodetool_fails_with_exit_2_naming_it_and_nothing_is_written()
    {
        var result = Amphora("backup", "--cassandra-yaml", Yaml, "--nodetool", "/opt/nowhere/nodetool", "--location", Location);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("could not run", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--nodetool", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "location", "index")));
    }

    [Fact]
    public void A_filter_matching_nothing_is_bad_input_and_takes_no_snapshot()
    {
        var result = Backup("-K", "nosuch.*");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("matches no table", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("shop.orders", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("There are no snapshots", _sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_tag_is_refused_and_the_first_backup_stays()
    {
        Ok(Backup("--tag", "same"));
        var result = Backup("--tag", "same");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already exists", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("complete", Ok(Amphora("backups", "list", "--location", Location)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_location_that_cannot_be_written_fails_before_any_snapshot()
    {
        var file = Path.Combine(_directory.Path, "not-a-directory");
        File.WriteAllText(file, "x");
        var result = Amphora("backup", "--cassandra-yaml", Yaml, "--nodetool", _sandbox.NodetoolPath(), "--location", "file:" + Path.Combine(file, "sub"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file:" + Path.Combine(file, "sub"), result.StandardError, StringComparison.Ordinal);
        Assert.Contains("There are no snapshots", _sandbox.NodetoolOk("listsnapshots"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_tag_or_unknown_location_kind_is_bad_input()
    {
        Assert.Contains("not a usable backup tag", Fails(Backup("--tag", "a.b")), StringComparison.Ordinal);
        var unknown = Amphora("backups", "list", "--location", "ftp:host/dir");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("file:/PATH", unknown.StandardError, StringComparison.Ordinal);
        var empty = Amphora("backups", "list", "--location", Location);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("holds no Amphora backups", empty.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshots_list_shows_true_size_and_clear_removes_through_nodetool()
    {
        Ok(Backup("--tag", "kept", "--keep-snapshot"));
        // The live SSTables share every SSTable inode: only the files the snapshot wrote itself are held by it alone.
        var snapshotOnly = _sandbox.TableDirectories("shop.orders")
            .Select(d => Path.Combine(d, "snapshots", "amphora-kept"))
            .Where(Directory.Exists)
            .SelectMany(d => SnapshotWrittenFiles.Select(f => Path.Combine(d, f)))
            .Where(File.Exists)
            .Sum(f => new FileInfo(f).Length);
        using (var json = JsonDocument.Parse(Ok(Amphora("snapshots", "list", "--cassandra-yaml", Yaml, "--output", "json"))))
        {
            var orders = json.RootElement.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("table").GetString() == "orders");
            Assert.Equal("amphora-kept", orders.GetProperty("tag").GetString());
            Assert.Equal(snapshotOnly, orders.GetProperty("true_size").GetInt64());
            Assert.True(orders.GetProperty("size_on_disk").GetInt64() > 10 * snapshotOnly);
        }

        Assert.Contains("Held only by snapshots: ", Ok(Amphora("snapshots", "list", "--cassandra-yaml", Yaml)), StringComparison.Ordinal);
        Assert.Contains("Cleared snapshot amphora-kept", Ok(Amphora("snapshots", "clear", "--nodetool", _sandbox.NodetoolPath(), "--tag", "amphora-kept")),
            StringComparison.Ordinal);
        Assert.Contains("There are no snapshots.", Ok(Amphora("snapshots", "list", "--cassandra-yaml", Yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_data_directory_is_named_with_what_to_do()
    {
        var dataDirectory = _sandbox.Config().DataDirectories[1];
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            // Root reads everything, so as root the command runs as 'nobody', as an operator who is not the cassandra user would,
            // from a copy of the build in the (world-readable) temp dir: the checkout may sit in a home only root can enter.
            var build = Path.Combine(_directory.Path, "build");
            Directory.CreateDirectory(build);
            foreach (var file in Directory.GetFiles(AppContext.BaseDirectory).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(build, Path.GetFileName(file)));
            }

            var amphora = new[] { "dotnet", Path.Combine(build, "amphora.dll"), "snapshots", "list", "--cassandra-yaml", Yaml };
            var result = Environment.UserName == "root"
                ? ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", .. amphora], new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() })
                : ProcessRunner.Run(amphora[0], amphora[1..]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"cannot read {dataDirectory}: permission denied", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("Run amphora as the user Cassandra runs as", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(dataDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        }
    }

    private ProcessRunner.Result Backup(params string[] extra) =>
        Amphora(["backup", "--cassandra-yaml", Yaml, "--nodetool", _sandbox.NodetoolPath(), "--location", Location,
            "--cache-dir", Path.Combine(_directory.Path, "cache"), .. extra]);

    private static ProcessRunner.Result Amphora(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]);

    private static string Ok(ProcessRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    private static string Fails(ProcessRunner.Result result)
    {
        Assert.Equal(1, result.ExitCode);
        return result.StandardError;
    }
}

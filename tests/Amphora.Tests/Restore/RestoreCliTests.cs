using Amphora.Core.IO;
using Amphora.Tests.Support;

namespace Amphora.Tests.Restore;

/// <summary>
/// <c>amphora restore</c> end to end on a sandbox node, as an operator runs it: write rows, back up, damage the node, restore,
/// and compare the node's rows (memtable and SSTables merged) with what they were at the backup.
/// </summary>
public sealed class RestoreCliTests : IDisposable
{
    private readonly CliBench _bench = new();
    private readonly string _atBackup;

    public RestoreCliTests()
    {
        // Several flushes, two tables, an index, SSTables in both data directories, and a memtable the backup flushes.
        Sandbox.Write("shop.orders", 300, creation: new Amphora.Sandbox.TableCreation { Indexes = ["orders_by_value"] });
        Sandbox.NodetoolOk("flush");
        Sandbox.Write("shop.orders", 200, startKey: 1000);
        Sandbox.Write("shop.users", 150);
        CliBench.Ok(_bench.Backup("--tag", "b1"));
        _atBackup = Sandbox.DumpChecksum();
        // Written after the backup: a restore to b1 must not have them.
        Sandbox.Write("shop.orders", 40, startKey: 5000);
        Sandbox.NodetoolOk("flush");
    }

    private SandboxHarness Sandbox => _bench.Sandbox;

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void In_place_restore_after_the_data_directories_were_deleted_brings_back_the_backup_and_rollback_undoes_it()
    {
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        var beforeRestore = FilesUnder(Sandbox.TableDirectories("shop.orders"));
        foreach (var directory in Sandbox.Config().DataDirectories)
        {
            Directory.Delete(Path.Combine(directory, "shop"), recursive: true);
        }

        var output = CliBench.Ok(Restore("b1", "--in-place", "-K", "shop.*"));
        Assert.Contains("Restored 2 table(s) of backup b1", output, StringComparison.Ordinal);
        Assert.Empty(StagingRoots());
        Sandbox.Node().Start();
        Assert.Equal(_atBackup, Sandbox.DumpChecksum());

        // Rollback puts back what the node had just before the restore: here, nothing in shop.
        Sandbox.Node().Stop();
        CliBench.Ok(CliBench.Amphora("restore", "rollback", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath()));
        Assert.Empty(FilesUnder(Sandbox.TableDirectories("shop.orders")));
        Assert.NotEmpty(beforeRestore);
    }

    [Fact]
    public void In_place_restore_of_a_corrupted_table_moves_the_current_files_aside_and_rollback_puts_them_back_byte_for_byte()
    {
        var corrupted = Sandbox.LiveDataFiles("shop.orders")[0];
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        using (var stream = new FileStream(corrupted, FileMode.Open))
        {
            stream.Position = 20;
            stream.WriteByte(0xff);
        }

        var before = Snapshot(Sandbox.TableDirectories("shop.orders"));
        var dryRun = CliBench.Ok(Restore("b1", "--in-place", "-K", "shop.orders", "--dry-run"));
        Assert.Contains("Moved aside into the rollback folder", dryRun, StringComparison.Ordinal);
        Assert.Contains("Dry run", dryRun, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Sandbox.TableDirectories("shop.orders")));
        Assert.Empty(StagingRoots());

        CliBench.Ok(Restore("b1", "--in-place", "-K", "shop.orders"));
        Sandbox.Node().Start();
        Assert.Equal(Rows(_atBackup, "shop.orders"), Rows(Sandbox.DumpChecksum(), "shop.orders"));
        Assert.Equal(Rows(_atBackup, "shop.users"), Rows(Sandbox.DumpChecksum(), "shop.users"));

        Sandbox.Node().Stop();
        var rollback = CliBench.Ok(CliBench.Amphora("restore", "rollback", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath()));
        Assert.Contains("Rolled back restore", rollback, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Sandbox.TableDirectories("shop.orders")));
    }

    [Fact]
    public void In_place_restore_refuses_a_running_node_and_changes_nothing()
    {
        var before = Snapshot(Sandbox.TableDirectories("shop.orders"));
        var result = Restore("b1", "--in-place");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is running: an in-place restore needs it stopped", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Sandbox.TableDirectories("shop.orders")));
        Assert.Empty(StagingRoots());
    }

    [Fact]
    public void Restored_files_get_the_owner_and_mode_of_their_table_directory()
    {
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        var directories = Sandbox.TableDirectories("shop.users");
        var owner = Environment.UserName == "root" ? new UnixFileStatus(4321, 4321, 0) : UnixFileStatus.Of(directories[0]);
        foreach (var directory in directories)
        {
            owner.GiveOwnershipTo(directory);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        CliBench.Ok(Restore("b1", "--in-place", "-K", "shop.users"));
        var restored = FilesUnder(directories);
        Assert.NotEmpty(restored);
        Assert.All(restored, f =>
        {
            var status = UnixFileStatus.Of(f);
            Assert.Equal((owner.UserId, owner.GroupId), (status.UserId, status.GroupId));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(f));
        });
    }

    [Fact]
    public void A_restore_whose_download_fails_its_hash_leaves_the_live_data_untouched()
    {
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        var before = Snapshot(Sandbox.TableDirectories("shop.orders"));
        // Damage one content object the backup needs.
        var content = Directory.EnumerateFiles(Path.Combine(_bench.LocationDirectory, "content"), "*", SearchOption.AllDirectories)
            .MaxBy(f => new FileInfo(f).Length)!;
        var bytes = File.ReadAllBytes(content);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(content, bytes);

        var result = Restore("b1", "--in-place", "-K", "shop.*");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not hold the bytes the manifest records", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Nothing was placed", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Sandbox.TableDirectories("shop.orders")));
        Assert.False(Directory.Exists(Path.Combine(Sandbox.Config().DataDirectories[0], ".amphora-rollback")));
    }

    [Fact]
    public void A_restore_killed_midway_downloads_only_what_is_missing_when_run_again()
    {
        Sandbox.NodetoolOk("drain");
        Sandbox.Node().Stop();
        // Slow enough (64 KiB/s) to be killed with part of the files staged.
        var arguments = RestoreArguments("b1", "--in-place", "-K", "shop.*", "--rate-limit", "0.0625", "--parallel", "1");
        using (var process = ProcessRunner.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (StagedFiles() < 3 && DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }

            Assert.False(process.HasExited, "the restore finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var staged = StagedFiles();
        Assert.True(staged >= 3, $"{staged} files staged");
        var output = CliBench.Ok(Restore("b1", "--in-place", "-K", "shop.*"));
        Assert.Matches(@"already staged by an earlier run", output);
        var reused = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"; (\d+) file\(s\), [^,]+, were already staged").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(reused >= staged, $"re-used {reused} of {staged} staged files:\n{output}");
        Sandbox.Node().Start();
        Assert.Equal(_atBackup, Sandbox.DumpChecksum());
    }

    [Fact]
    public void Live_import_after_a_truncate_brings_the_rows_back_with_the_node_running()
    {
        Sandbox.Node().Truncate("shop.orders");
        Assert.DoesNotContain("shop.orders", Sandbox.DumpChecksum(), StringComparison.Ordinal);
        var output = CliBench.Ok(Restore("b1", "--import", "-K", "shop.orders"));
        Assert.Contains("nodetool import", output, StringComparison.Ordinal);
        Assert.Equal(Rows(_atBackup, "shop.orders"), Rows(Sandbox.DumpChecksum(), "shop.orders"));
        Assert.Empty(StagingRoots());
    }

    [Fact]
    public void Live_refresh_places_the_files_under_new_generations()
    {
        Sandbox.Node().Truncate("shop.users");
        CliBench.Ok(Restore("b1", "--import", "--load-with", "refresh", "-K", "shop.users"));
        Assert.Equal(Rows(_atBackup, "shop.users"), Rows(Sandbox.DumpChecksum(), "shop.users"));
    }

    [Fact]
    public void Live_import_refuses_a_stopped_node()
    {
        Sandbox.Node().Stop();
        var result = Restore("b1", "--import");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not running", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_table_comes_back_from_its_local_dropped_snapshot_once_recreated_from_its_schema()
    {
        var before = Sandbox.DumpChecksum();
        Sandbox.Node().DropTable("shop.orders");
        var auto = CliBench.Ok(CliBench.Amphora("snapshots", "list", "--auto", "--cassandra-yaml", _bench.CassandraYaml));
        var name = System.Text.RegularExpressions.Regex.Match(auto, @"dropped-\d+-orders").Value;
        Assert.NotEmpty(name);

        // The table does not exist any more: the restore says how to re-create it and changes nothing.
        var missing = Restore("--from-local-snapshot", name);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("re-create it first, e.g. cqlsh -f", missing.StandardError, StringComparison.Ordinal);
        var schema = System.Text.RegularExpressions.Regex.Match(missing.StandardError, @"cqlsh -f (\S+schema\.cql)").Groups[1].Value;
        CliBench.Ok(ProcessRunner.Run(Path.Combine(Sandbox.Node().Directory, "bin", "cqlsh"), ["-f", schema]));

        var output = CliBench.Ok(Restore("--from-local-snapshot", name));
        Assert.Contains($"from local snapshot {name}", output, StringComparison.Ordinal);
        Assert.Equal(Rows(before, "shop.orders"), Rows(Sandbox.DumpChecksum(), "shop.orders"));
        Assert.NotEmpty(Directory.EnumerateDirectories(Sandbox.TableDirectories("shop.orders")[0], name, SearchOption.AllDirectories));
    }

    [Fact]
    public void A_dropped_table_comes_back_from_the_backup_by_import_after_its_schema_is_applied()
    {
        Sandbox.Node().DropTable("shop.users");
        CliBench.Ok(CliBench.Amphora("restore", "schema", "b1", "--location", _bench.Location, "-K", "shop.users", "--apply",
            "--cql-command", $"{Path.Combine(Sandbox.Node().Directory, "bin", "cqlsh")} -f {{file}}"));
        CliBench.Ok(Restore("b1", "--import", "-K", "shop.users"));
        Assert.Equal(Rows(_atBackup, "shop.users"), Rows(Sandbox.DumpChecksum(), "shop.users"));
    }

    [Fact]
    public void Import_with_rename_restores_into_another_table()
    {
        var cqlsh = Path.Combine(Sandbox.Node().Directory, "bin", "cqlsh");
        CliBench.Ok(ProcessRunner.Run(cqlsh, ["-e", "CREATE TABLE shop.users_copy (id bigint PRIMARY KEY, value text);"]));
        CliBench.Ok(Restore("b1", "--import", "-K", "shop.users", "--rename", "shop.users=shop.users_copy"));
        Assert.Equal(Rows(_atBackup, "shop.users").Replace("shop.users ", "shop.users_copy ", StringComparison.Ordinal), Rows(Sandbox.DumpChecksum(), "shop.users_copy"));
    }

    [Fact]
    public void Sstableloader_streams_a_backup_into_another_cluster()
    {
        using var other = new SandboxHarness();
        var otherCqlsh = Path.Combine(other.Node().Directory, "bin", "cqlsh");
        // The schema script cannot create keyspaces (the backup does not record replication): the operator does.
        CliBench.Ok(ProcessRunner.Run(otherCqlsh, ["-e", "CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"]));
        CliBench.Ok(CliBench.Amphora("restore", "schema", "b1", "--location", _bench.Location, "-K", "shop.*", "--apply", "--cql-command",
            $"{otherCqlsh} -f {{file}}"));
        var staging = Path.Combine(Path.GetDirectoryName(_bench.LocationDirectory)!, "loader-staging");
        var output = CliBench.Ok(Restore("b1", "--sstableloader", $"{Path.Combine(other.Node().Directory, "bin", "sstableloader")} -d {other.Node().Address}",
            "--staging", staging, "-K", "shop.*"));
        Assert.Contains("Restored 2 table(s)", output, StringComparison.Ordinal);
        Assert.Equal(_atBackup, other.DumpChecksum());
        Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
    }

    [Fact]
    public void Restore_needs_exactly_one_mode()
    {
        var result = Restore("b1");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("choose how to restore", result.StandardError, StringComparison.Ordinal);
        result = Restore("b1", "--in-place", "--import");
        Assert.Equal(1, result.ExitCode);
    }

    private ProcessRunner.Result Restore(params string[] arguments) => CliBench.Amphora(RestoreArguments(arguments));

    private string[] RestoreArguments(params string[] arguments) =>
        ["restore", .. arguments, "--location", _bench.Location, "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", Sandbox.NodetoolPath()];

    private List<string> StagingRoots() =>
        Sandbox.Config().DataDirectories.Select(d => Path.Combine(d, ".amphora-restore")).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories).ToList();

    private int StagedFiles() =>
        StagingRoots().Sum(r => Directory.Exists(r) ? Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".partial", StringComparison.Ordinal)) : 0);

    private static List<string> FilesUnder(IEnumerable<string> tableDirectories) =>
        tableDirectories.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every file of the directories with its bytes' hash: equal snapshots mean nothing moved or changed.</summary>
    private static List<string> Snapshot(IEnumerable<string> tableDirectories) =>
        FilesUnder(tableDirectories).Select(f => $"{f} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}").ToList();

    private static string Rows(string dump, string table) =>
        string.Join('\n', dump.Split('\n').Where(l => l.StartsWith(table + " ", StringComparison.Ordinal)));
}

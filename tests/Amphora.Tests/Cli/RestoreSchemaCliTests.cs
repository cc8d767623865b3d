using System.CommandLine;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Amphora.Cli.Commands;
using Amphora.Core.Repository;
using Amphora.Sandbox;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>The console is redirected in-process, so these tests run alone.</summary>
[CollectionDefinition(nameof(RedirectedConsole), DisableParallelization = true)]
public sealed class RedirectedConsole;

/// <summary>
/// <c>amphora restore schema</c> against a real backup of a sandbox node. The restore command that registers it is
/// written elsewhere, so these tests mount it under a "restore" command of their own and run it in-process.
/// </summary>
[Collection(nameof(RedirectedConsole))]
public sealed class RestoreSchemaCliTests : IDisposable
{
    private readonly CliBench _bench = new();
    private readonly TempDirectory _directory = new();

    public RestoreSchemaCliTests()
    {
        _bench.Sandbox.Write("shop.orders", 200, creation: new TableCreation { Indexes = ["orders_value_idx"] });
        _bench.Sandbox.Write("shop.items", 20);
        _bench.Sandbox.Write("audit.log", 5);
        CliBench.Ok(_bench.Backup("--tag", "b1"));
    }

    public void Dispose()
    {
        _bench.Dispose();
        _directory.Dispose();
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RestoreSchema(params string[] arguments)
    {
        var root = new RootCommand { new Command("restore") { RestoreSchemaCommand.Create() } };
        var (output, error) = (new StringWriter(), new StringWriter());
        var (oldOutput, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await root.Parse(["restore", "schema", .. arguments]).InvokeAsync();
            return new Run(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOutput);
            Console.SetError(oldError);
        }
    }

    private async Task<string> Ok(params string[] arguments)
    {
        var run = await RestoreSchema([.. arguments, "--location", _bench.Location]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}{run.Output}");
        return run.Output;
    }

    private async Task<Run> Fails(int exitCode, params string[] arguments)
    {
        var run = await RestoreSchema([.. arguments, "--location", _bench.Location]);
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}: {run.Error}{run.Output}");
        return run;
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Prints_every_backed_up_table_with_if_not_exists_ids_and_indexes_and_says_which_keyspaces_must_exist()
    {
        var hostId = _bench.Sandbox.Node().LoadState().HostId;
        var script = await Ok("b1");
        Assert.StartsWith($"-- Schema of 3 table(s) from backup b1 of cluster 'Sandbox Cluster', node {hostId}", script, StringComparison.Ordinal);
        Assert.Contains("-- The keyspace(s) audit, shop must exist before this runs", script, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^CREATE TABLE IF NOT EXISTS shop\.orders \($", script);
        Assert.Matches(@"(?m)^\) WITH ID = [0-9a-f-]{36}$", script);
        Assert.Contains("CREATE INDEX IF NOT EXISTS orders_value_idx ON shop.orders (value);", script, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^CREATE TABLE IF NOT EXISTS shop\.items \($", script);
        Assert.Matches(@"(?m)^CREATE TABLE IF NOT EXISTS audit\.log \($", script);
        Assert.DoesNotMatch(@"(?m)^CREATE .*system", script); // the backup has system tables; only -K naming them takes them
        Assert.Equal(script, await Ok("--latest"));
    }

    [Fact]
    public async Task Selected_tables_renamed_into_a_file_get_new_names_no_id_and_renamed_indexes()
    {
        var file = Path.Combine(_directory.Path, "schema.cql");
        var printed = await Ok("b1", "-K", "shop.orders", "--rename", "shop.orders=shop_restored.orders_copy", "--output-file", file);
        Assert.Equal(string.Empty, printed);
        var script = await File.ReadAllTextAsync(file);
        Assert.Contains("-- The keyspace(s) shop_restored must exist", script, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^CREATE TABLE IF NOT EXISTS shop_restored\.orders_copy \($", script);
        Assert.DoesNotContain("WITH ID", script, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\) WITH additional_write_policy = '99p'$", script);
        Assert.Contains("CREATE INDEX IF NOT EXISTS orders_copy_orders_value_idx ON shop_restored.orders_copy (value);", script, StringComparison.Ordinal);
        Assert.DoesNotContain("shop.items", script, StringComparison.Ordinal);
        Assert.DoesNotContain("audit", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_selections_and_renames_are_refused_with_exit_1_saying_what_the_backup_has()
    {
        var unknown = await Fails(1, "b1", "-K", "shop.orders,shop.nope");
        Assert.StartsWith($"amphora: -K shop.nope matches no table in backup b1 (node {_bench.Sandbox.Node().LoadState().HostId}); it has audit.log, shop.items, shop.orders, system", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("system_auth.*", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, unknown.Output);
        Assert.Contains("is not ks.table, ks.* or ks", (await Fails(1, "b1", "-K", "shop.ord*")).Error, StringComparison.Ordinal);
        Assert.Contains("both restore onto shop.x", (await Fails(1, "b1", "--rename", "shop.orders=shop.x", "--rename", "shop.items=shop.x")).Error, StringComparison.Ordinal);
        Assert.Contains("would both be restored as shop.items", (await Fails(1, "b1", "--rename", "shop.orders=shop.items")).Error, StringComparison.Ordinal);
        Assert.Contains("give a TAG or --latest", (await Fails(1, "b1", "--latest")).Error, StringComparison.Ordinal);
        Assert.Contains("no backup 'b2'", (await Fails(1, "b2")).Error, StringComparison.Ordinal);
        Assert.Contains($"has no manifest for node {Guid.Empty}", (await Fails(1, "b1", "--node", Guid.Empty.ToString())).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_runs_the_command_on_the_script_and_a_failing_command_exits_2_with_its_output()
    {
        var copy = Path.Combine(_directory.Path, "applied.cql");
        var fakeCqlsh = Script("fake-cqlsh", $"[ \"$1\" = -f ] || exit 9\ncp \"$2\" '{copy}'\necho 'cqlsh: ok'");
        var run = await RestoreSchema("b1", "-K", "shop", "--apply", "--cql-command", $"{fakeCqlsh} -f {{file}}", "--location", _bench.Location);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(run.Output, await File.ReadAllTextAsync(copy));
        Assert.Contains("cqlsh: ok", run.Error, StringComparison.Ordinal);
        Assert.Contains("Applied the schema: 3 statement(s).", run.Error, StringComparison.Ordinal);

        var failing = Script("failing-cqlsh", "echo \"InvalidRequest: Keyspace 'shop' does not exist\" >&2\nexit 2");
        var failed = await Fails(2, "b1", "-K", "shop.items", "--apply", "--cql-command", $"{failing} -u admin -p secret");
        Assert.Matches(@"amphora: '.*failing-cqlsh -u admin -p \*\*\* /tmp/.*/schema\.cql' exited 2: InvalidRequest: Keyspace 'shop' does not exist", failed.Error);
        Assert.DoesNotContain("secret", failed.Error, StringComparison.Ordinal);

        var missing = await Fails(1, "b1", "--apply", "--cql-command", "/no/such/cqlsh -f {file}");
        Assert.Contains("cannot run '/no/such/cqlsh'", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_altered_in_the_location_is_refused_naming_the_table_and_the_statement()
    {
        var manifestPath = Assert.Single(Directory.GetFiles(Path.Combine(_bench.LocationDirectory, "backups"), RepositoryKeys.ManifestName, SearchOption.AllDirectories));
        JsonObject manifest;
        using (var gzip = new GZipStream(File.OpenRead(manifestPath), CompressionMode.Decompress))
        {
            manifest = JsonNode.Parse(gzip)!.AsObject();
        }

        var orders = manifest["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "orders")!;
        orders["schema"] = orders["schema"]!.GetValue<string>() + "\n/* harmless */ DROP KEYSPACE shop;\n";
        using (var gzip = new GZipStream(File.Create(manifestPath), CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        var refused = await Fails(1, "b1");
        Assert.StartsWith("amphora: the schema of shop.orders in backup b1 (node ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("holds 'DROP KEYSPACE shop', which is not a CREATE statement", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Output);

        // The other tables are still restorable on their own.
        Assert.Contains("CREATE TABLE IF NOT EXISTS shop.items", await Ok("b1", "-K", "shop.items"), StringComparison.Ordinal);
    }
}

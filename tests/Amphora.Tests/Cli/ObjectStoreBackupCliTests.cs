using System.Text.Json;
using System.Text.RegularExpressions;
using Amphora.Storage.Transfers;
using Amphora.Tests.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>
/// <c>amphora backup</c>, <c>backups list</c> and <c>location check</c> as real processes against each real server the test
/// script starts, configured the way operators configure them: the providers' environment variables and the config file.
/// </summary>
public sealed class ObjectStoreBackupCliTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly TempDirectory _directory = new();

    public ObjectStoreBackupCliTests() => _sandbox.Write("shop.orders", 500);

    public void Dispose()
    {
        _sandbox.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("azure")]
    [InlineData("gcs")]
    public void A_node_backs_up_to_the_server_deduplicates_and_lists_its_backups(string kind)
    {
        var (location, environment, config) = Server(kind);
        string[] common = ["--location", location, .. config];

        Assert.Contains("works for backups", Ok(Amphora(environment, ["location", "check", location, .. config])), StringComparison.Ordinal);
        var first = Ok(Amphora(environment, ["backup", "--cassandra-yaml", Yaml, "--nodetool", _sandbox.NodetoolPath(), "--tag", "one", .. common]));
        Assert.Contains("Backup one of node", first, StringComparison.Ordinal);

        var second = Ok(Amphora(environment, ["backup", "--cassandra-yaml", Yaml, "--nodetool", _sandbox.NodetoolPath(), "--tag", "two", .. common]));
        // Only the snapshots' own manifest.json files are new; every SSTable was already there, known by its hash.
        Assert.True(Regex.IsMatch(second, @"uploaded [0-9] files, [^;]*; [1-9]\d* files .* needed no upload"), second);
        Assert.Contains("read 0 bytes of SSTables", second, StringComparison.Ordinal);

        using var listed = JsonDocument.Parse(Ok(Amphora(environment, ["backups", "list", "--output", "json", .. common])));
        var backups = listed.RootElement.EnumerateArray().Select(backup => (backup.GetProperty("tag").GetString(), backup.GetProperty("is_complete").GetBoolean()));
        Assert.Equal([("one", true), ("two", true)], backups.OrderBy(backup => backup.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public void A_location_whose_bucket_does_not_exist_is_named_by_location_check()
    {
        var (_, environment, config) = Server("s3");
        var result = Amphora(environment, ["location", "check", "s3:no-such-bucket-here", .. config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-bucket-here", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(S3TestServer.AccessKey + "\n", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    private string Yaml => Path.Combine(_sandbox.Node().Directory, "conf", "cassandra.yaml");

    /// <summary>A location on the server with a fresh prefix, the variables that reach it, and (for S3) a config file naming the endpoint.</summary>
    private (string Location, Dictionary<string, string> Environment, string[] Config) Server(string kind)
    {
        var prefix = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        switch (kind)
        {
            case "s3":
                var config = Path.Combine(_directory.Path, "amphora.yaml");
                File.WriteAllText(config, $"storage:\n  s3:\n    endpoint: {S3TestServer.Endpoint}\n    region: us-east-1\n    path_style: true\n");
                return ($"s3:{S3TestServer.Bucket}/{prefix}",
                    new() { ["AWS_ACCESS_KEY_ID"] = S3TestServer.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = S3TestServer.AccessKey },
                    ["--config", config]);
            case "azure":
                AzureTestServer.Open(prefix, TransferTuning.Default).Dispose(); // creates the test container once
                return ($"azure:{AzureTestServer.Container}/{prefix}", new() { ["AZURE_STORAGE_CONNECTION_STRING"] = AzureTestServer.ConnectionString }, []);
            default:
                return ($"gcs:{GcsTestServer.Bucket}/{prefix}", new() { ["STORAGE_EMULATOR_HOST"] = GcsTestServer.Endpoint.ToString() }, []);
        }
    }

    private static ProcessRunner.Result Amphora(Dictionary<string, string> environment, string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments], environment);

    private static string Ok(ProcessRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }
}

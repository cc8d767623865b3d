using System.IO.Compression;
using System.Text.Json.Nodes;
using Amphora.Core.Repository;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>An operator who asks about a backup whose manifest was tampered with gets a refusal naming it, not its contents.</summary>
public sealed class ManifestValidationCliTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly TempDirectory _directory = new();

    public ManifestValidationCliTests() => _sandbox.Write("shop.orders", 200);

    private string LocationDirectory => Path.Combine(_directory.Path, "location");

    public void Dispose()
    {
        _sandbox.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Backups_show_refuses_a_tampered_manifest_with_exit_1_naming_the_key_and_the_field()
    {
        var backup = Amphora("backup", "--cassandra-yaml", Path.Combine(_sandbox.Node().Directory, "conf", "cassandra.yaml"),
            "--nodetool", _sandbox.NodetoolPath(), "--location", "file:" + LocationDirectory, "--cache-dir", Path.Combine(_directory.Path, "cache"), "--tag", "one");
        Assert.True(backup.ExitCode == 0, backup.StandardError);
        var manifestPath = Assert.Single(Directory.GetFiles(Path.Combine(LocationDirectory, "backups"), RepositoryKeys.ManifestName, SearchOption.AllDirectories));
        var key = Path.GetRelativePath(LocationDirectory, manifestPath);
        Assert.Equal(RepositoryKeys.Manifest(_sandbox.Cluster.Manifest.ClusterName, "one", _sandbox.Node().LoadState().HostId), key);
        JsonObject manifest;
        using (var gzip = new GZipStream(File.OpenRead(manifestPath), CompressionMode.Decompress))
        {
            manifest = JsonNode.Parse(gzip)!.AsObject();
        }

        manifest["tables"]![0]!["files"]![0]!["path"] = "../../../../etc/cron.d/evil";
        using (var gzip = new GZipStream(File.Create(manifestPath), CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        var show = Amphora("backups", "show", "one", "--location", "file:" + LocationDirectory);

        Assert.Equal(1, show.ExitCode);
        Assert.Equal(string.Empty, show.StandardOutput);
        Assert.StartsWith($"amphora: {key}: tables[0].files[0].path '../../../../etc/cron.d/evil' of table ", show.StandardError, StringComparison.Ordinal);
        Assert.EndsWith($"{ManifestValidator.Advice}.\n", show.StandardError, StringComparison.Ordinal);
    }

    private static ProcessRunner.Result Amphora(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]);
}

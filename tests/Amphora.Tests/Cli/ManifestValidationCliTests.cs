using System.IO.Compression;
using System.Text.Json.Nodes;
using Amphora.Core.Repository;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>An operator who asks about a backup whose manifest was tampered with gets a refusal naming it, not its contents.</summary>
public sealed class ManifestValidationCliTests : IDisposable
{
    private readonly CliBench _bench = new();

    public ManifestValidationCliTests() => _bench.Sandbox.Write("shop.orders", 200);

    private string LocationDirectory => _bench.LocationDirectory;

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void Backups_show_refuses_a_tampered_manifest_with_exit_1_naming_the_key_and_the_field()
    {
        var backup = _bench.Backup("--tag", "one");
        Assert.True(backup.ExitCode == 0, backup.StandardError);
        var manifestPath = Assert.Single(Directory.GetFiles(Path.Combine(LocationDirectory, "backups"), RepositoryKeys.ManifestName, SearchOption.AllDirectories));
        var key = _bench.KeyOf(manifestPath);
        Assert.Equal(RepositoryKeys.Manifest(_bench.Sandbox.Cluster.Manifest.ClusterName, "one", _bench.Sandbox.Node().LoadState().HostId), key);
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

    private static ProcessRunner.Result Amphora(params string[] arguments) => CliBench.Amphora(arguments);
}

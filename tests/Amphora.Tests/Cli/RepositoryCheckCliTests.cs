using System.Text.Json;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary><c>amphora backups check</c> as an operator runs it: a real process on a real location, its exit code and its lines.</summary>
public sealed class RepositoryCheckCliTests : IDisposable
{
    private readonly CliBench _bench = new();

    public RepositoryCheckCliTests() => _bench.Sandbox.Write("shop.orders", 500);

    private string LocationDirectory => _bench.LocationDirectory;

    private string Location => _bench.Location;

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void A_corrupted_location_fails_the_check_with_exit_3_naming_each_problem()
    {
        var backup = _bench.Backup("--tag", "one");
        Assert.True(backup.ExitCode == 0, backup.StandardError);
        var clean = Amphora("backups", "check", "--location", Location);
        Assert.True(clean.ExitCode == 0, clean.StandardError + clean.StandardOutput);
        Assert.Contains("Problems: none", clean.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("hashed ", clean.StandardError, StringComparison.Ordinal);

        // The two largest content objects are SSTable Data.db files: damage one, lose the other.
        var content = Directory.EnumerateFiles(Path.Combine(LocationDirectory, "content"), "*", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).ToList();
        var (damaged, lost) = (content[0], content[1]);
        var bytes = File.ReadAllBytes(damaged);
        bytes[bytes.Length / 2] ^= 0x80;
        File.WriteAllBytes(damaged, bytes);
        File.Delete(lost);
        var (damagedKey, lostKey) = (Key(damaged), Key(lost));

        var result = Amphora("backups", "check", "--location", Location);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Problems: 3", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^  wrong hash: {damagedKey} holds {bytes.Length} bytes whose SHA-256 is [0-9a-f]{{64}}", result.StandardOutput);
        Assert.Matches($@"(?m)^  damaged content: backup one of node [0-9a-f-]{{36}} \(cluster 'Sandbox Cluster'\): shop\.orders/nb-\d+-big-Data\.db needs {damagedKey}, ",
            result.StandardOutput);
        Assert.Matches($@"(?m)^  missing content: backup one of node [0-9a-f-]{{36}} \(cluster 'Sandbox Cluster'\): shop\.orders/nb-\d+-big-Data\.db \(\d+ bytes\) needs {lostKey}, which the location lacks",
            result.StandardOutput);
        Assert.Contains($"amphora: 3 problem(s) found in {Location}", result.StandardError, StringComparison.Ordinal);

        var quick = Amphora("backups", "check", "--location", Location, "--no-hash", "--output", "json");
        Assert.Equal(3, quick.ExitCode);
        using var json = JsonDocument.Parse(quick.StandardOutput);
        Assert.False(json.RootElement.GetProperty("hashes_verified").GetBoolean());
        var problem = Assert.Single(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("missing_content", "one", lostKey), (problem.GetProperty("kind").GetString(), problem.GetProperty("tag").GetString(), problem.GetProperty("content_key").GetString()));
    }

    [Fact]
    public void Orphans_alone_do_not_fail_the_check_and_go_only_with_delete_orphans()
    {
        var backup = _bench.Backup();
        Assert.True(backup.ExitCode == 0, backup.StandardError);
        var orphan = Path.Combine(LocationDirectory, "content", "62", "62863e119d634cc6fd6580b323a8892d4916709bab0ae4a0261de200d2a0d023");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, "orphan bytes");
        Assert.Equal(Path.GetFileName(orphan), IndependentChecks.Sha256Sums([orphan])[orphan]);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddDays(-3));

        var listed = Amphora("backups", "check", "--location", Location, "--orphans");
        Assert.True(listed.ExitCode == 0, listed.StandardError);
        Assert.Contains("Orphans: 1 content object(s), 12 bytes, no backup references", listed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"  {Key(orphan)}  12 bytes  3d old", listed.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(orphan));

        var deleted = Amphora("backups", "check", "--location", Location, "--delete-orphans", "--grace", "2d");
        Assert.True(deleted.ExitCode == 0, deleted.StandardError);
        Assert.Contains($"  deleted {Key(orphan)}  12 bytes", deleted.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Orphan deletion: deleted 1 content object(s), 12 bytes; kept 0 younger than the grace period 2d", deleted.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(orphan));
    }

    private string Key(string path) => _bench.KeyOf(path);

    private static ProcessRunner.Result Amphora(params string[] arguments) => CliBench.Amphora(arguments);
}

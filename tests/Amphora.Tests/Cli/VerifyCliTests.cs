using System.Text.Json;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary><c>amphora verify</c> as an operator runs it: exit codes, the per-node/table/SSTable report, JSON, bad input.</summary>
public sealed class VerifyCliTests : IDisposable
{
    private readonly CliBench _bench = new();

    public VerifyCliTests()
    {
        _bench.Sandbox.Write("shop.orders", 500);
        Ok(_bench.Backup("--tag", "nightly"));
    }

    private string Location => _bench.Location;

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void The_latest_backup_verifies_at_every_level()
    {
        var quick = Ok(Amphora("verify", "--latest", "--location", Location));
        Assert.Contains("Backup nightly of cluster 'Sandbox Cluster'", quick, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  shop\.orders: \d+ file\(s\): OK$", quick);
        Assert.Contains("Verified: every check passed (presence and size).", quick, StringComparison.Ordinal);

        var deep = Ok(Amphora("verify", "nightly", "--location", Location, "--full", "--sstables"));
        Assert.Matches(@"(?m)^  shop\.orders: \d+ file\(s\), \d+ SSTable\(s\): OK$", deep);
        Assert.Contains("Verified: every check passed (presence and size, content SHA-256, SSTables).", deep, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Ok(Amphora("verify", "nightly", "--location", Location, "--sstables", "--output", "json")));
        Assert.Equal("nightly", json.RootElement.GetProperty("tag").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("problem_count").GetInt32());
        var orders = json.RootElement.GetProperty("nodes")[0].GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "orders");
        Assert.All(orders.GetProperty("sstables").EnumerateArray(), s => Assert.True(s.GetProperty("is_valid").GetBoolean()));
    }

    [Fact]
    public void A_corrupt_object_fails_with_exit_code_3_naming_the_table_file_and_check()
    {
        var data = Directory.EnumerateFiles(_bench.LocationDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("/content/", StringComparison.Ordinal))
            .OrderByDescending(f => new FileInfo(f).Length)
            .First();
        var bytes = File.ReadAllBytes(data);
        bytes[100] ^= 0x01;
        File.WriteAllBytes(data, bytes);

        var result = Amphora("verify", "nightly", "--location", Location, "--full");

        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"(?m)^  shop\.orders: \d+ file\(s\): 1 problem\(s\)$", result.StandardOutput);
        Assert.Matches($@"(?m)^    nb-\d+-big-Data\.db: content-hash: content/{Path.GetFileName(data)[..2]}/{Path.GetFileName(data)} holds bytes whose SHA-256 is [0-9a-f]{{64}}", result.StandardOutput);
        Assert.Contains("FAILED: 1 problem(s) in backup nightly.", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "verify", "--location", "LOCATION" }, "give a TAG or --latest")]
    [InlineData(new[] { "verify", "nightly", "--latest", "--location", "LOCATION" }, "give a TAG or --latest")]
    [InlineData(new[] { "verify", "weekly", "--location", "LOCATION" }, "no backup 'weekly'")]
    [InlineData(new[] { "verify", "nightly", "--node", "00000000-0000-0000-0000-000000000001", "--location", "LOCATION" }, "has no part from node")]
    public void Bad_input_is_refused_with_exit_code_1(string[] arguments, string message)
    {
        var result = Amphora([.. arguments.Select(a => a == "LOCATION" ? Location : a)]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    private static ProcessRunner.Result Amphora(params string[] arguments) => CliBench.Amphora(arguments);

    private static string Ok(ProcessRunner.Result result) => CliBench.Ok(result);
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amphora.Tests.Support;

namespace Amphora.Tests.Backup;

/// <summary>
/// <c>amphora backup incremental</c> as an operator runs it: real processes, a sandbox node whose incremental backups were
/// switched on with <c>nodetool enablebackup</c>, and the listing, show, verify, check, purge and delete commands on the result.
/// </summary>
public sealed partial class IncrementalBackupCliTests : IDisposable
{
    private readonly CliBench _bench = new();

    public IncrementalBackupCliTests() => _bench.Sandbox.NodetoolOk("enablebackup");

    public void Dispose() => _bench.Dispose();

    [Fact]
    public void Incrementals_are_listed_shown_verified_checked_purged_and_deleted_by_kind()
    {
        WriteAndFlush(0);
        var i1 = Incremental();
        CliBench.Ok(_bench.Backup("--tag", "s1", "-K", "shop"));
        WriteAndFlush(1000);
        var i2 = Incremental();
        CliBench.Ok(_bench.Backup("--tag", "s2", "-K", "shop"));
        WriteAndFlush(2000);
        var i3 = Incremental();
        Assert.Contains("nothing new to ship", CliBench.Ok(IncrementalCommand("-K", "shop")), StringComparison.Ordinal);

        Assert.Equal(
            new Dictionary<string, string> { [i1] = "incremental", ["s1"] = "snapshot", [i2] = "incremental", ["s2"] = "snapshot", [i3] = "incremental" },
            Kinds());
        Assert.Matches($@"(?m)^{i3}\s+incremental\s+Sandbox Cluster\s", Amphora("backups", "list"));
        Assert.Matches($@"(?m)^s2\s+snapshot\s+Sandbox Cluster\s", Amphora("backups", "list"));
        Assert.Contains($"Backup {i3} of cluster 'Sandbox Cluster': incremental, complete", Amphora("backups", "show", i3), StringComparison.Ordinal);
        Amphora("verify", i3, "--full", "--sstables");
        Amphora("backups", "check");

        // --keep-last 1 keeps the newest snapshot and the incremental after it; older incrementals serve no restore.
        var purged = Amphora("purge", "--keep-last", "1");
        Assert.Contains($"Deleted backup {i1} of node", purged, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["s2"] = "snapshot", [i3] = "incremental" }, Kinds());
        Amphora("backups", "check");

        Assert.Contains($"Deleted backup {i3} of node", Amphora("backups", "delete", i3), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["s2"] = "snapshot" }, Kinds());
    }

    [Fact]
    public async Task Watch_ships_each_flush_and_exits_0_on_SIGINT()
    {
        WriteAndFlush(0);
        using var process = ProcessRunner.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "amphora.dll"), "backup", "incremental", "--watch", "--interval", "1s", "-K", "shop",
            "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", _bench.Sandbox.NodetoolPath(), "--location", _bench.Location, "--cache-dir", _bench.CacheDirectory,
        ]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var first = await CompletedPassAsync(process);
            WriteAndFlush(1000);
            var second = await CompletedPassAsync(process);
            Assert.NotEqual(first, second);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var rest = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}{rest}");
            Assert.Contains("Stopped watching after", rest, StringComparison.Ordinal);
            Assert.Equal(new Dictionary<string, string> { [first] = "incremental", [second] = "incremental" }, Kinds());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Reads the watch's output until a pass reports a complete backup; returns its tag.</summary>
    private static async Task<string> CompletedPassAsync(Process process)
    {
        // A guard against a hang, not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
        {
            if (CompletePass().Match(line) is { Success: true } match)
            {
                return match.Groups["tag"].Value;
            }
        }

        throw new InvalidOperationException("the watch ended without completing a pass");
    }

    private Dictionary<string, string> Kinds()
    {
        using var json = JsonDocument.Parse(Amphora("backups", "list", "--output", "json"));
        return json.RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("tag").GetString()!, b => b.GetProperty("kind").GetString()!);
    }

    private string Incremental()
    {
        var output = CliBench.Ok(IncrementalCommand("-K", "shop"));
        return CompletePass().Match(output) is { Success: true } match ? match.Groups["tag"].Value : throw new InvalidOperationException($"no tag in: {output}");
    }

    private ProcessRunner.Result IncrementalCommand(params string[] extra) =>
        CliBench.Amphora(["backup", "incremental", "--cassandra-yaml", _bench.CassandraYaml, "--nodetool", _bench.Sandbox.NodetoolPath(),
            "--location", _bench.Location, "--cache-dir", _bench.CacheDirectory, .. extra]);

    /// <summary>Runs an amphora command on the location and fails unless it exits 0.</summary>
    private string Amphora(params string[] arguments) => CliBench.Ok(CliBench.Amphora([.. arguments, "--location", _bench.Location]));

    private void WriteAndFlush(long startKey)
    {
        _bench.Sandbox.Write("shop.orders", 300, startKey);
        _bench.Sandbox.NodetoolOk("flush", "shop");
    }

    [GeneratedRegex(@"Incremental backup (?<tag>inc-[0-9-]+) of node \S+ \(cluster '[^']*'\) is complete")]
    private static partial Regex CompletePass();
}

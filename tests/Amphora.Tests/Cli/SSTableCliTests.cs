using Amphora.Sandbox;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Cli;

/// <summary>
/// <c>amphora sstable verify|info</c> as a user runs them: the SSTables a sandbox node writes in every format pass, a damaged
/// one fails with exit code 3 naming the file and the check, and info describes an SSTable with a UUID generation id.
/// </summary>
public sealed class SSTableCliTests
{
    private static ProcessRunner.Result Amphora(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]);

    public static TheoryData<string> Formats => [.. SSTableFormat.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_sstable_a_sandbox_node_writes_passes(string format)
    {
        using var sandbox = WrittenSandbox(SSTableFormat.Parse(format));

        var result = Amphora(["sstable", "verify", .. sandbox.Config().DataDirectories]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("FAILED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^(\d+) SSTable\(s\) checked: \1 valid, 0 with problems\.$", result.StandardOutput);
        Assert.Contains("uncompressed", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("LZ4Compressor", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_sstable_fails_with_exit_code_3_naming_the_file_and_the_check()
    {
        using var sandbox = WrittenSandbox(SSTableFormat.Oa);
        var data = sandbox.LiveDataFiles("shop.orders")[0];
        var bytes = File.ReadAllBytes(data);
        bytes[bytes.Length / 2] ^= 0x08;
        File.WriteAllBytes(data, bytes);

        var result = Amphora("sstable", "verify", Path.GetDirectoryName(data)!);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"FAILED  {data[..^"Data.db".Length]}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFileName(data)}: digest: ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"{Path.GetFileName(data)}: chunk-checksum: chunk \d+ \(bytes \d+\.\.\d+\) has Crc32 [0-9a-f]{{8}}, but its trailer says", result.StandardOutput);
    }

    [Fact]
    public void Info_describes_an_sstable_with_a_uuid_generation_id()
    {
        using var sandbox = WrittenSandbox(SSTableFormat.NbUuid);
        var data = sandbox.LiveDataFiles("shop.orders")[0];

        var result = Amphora("sstable", "info", data);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Matches(@"(?m)^Generation:\s+\w{4}_\w{4}_\w{18} \(UUID id, created 20\d\d-", result.StandardOutput);
        Assert.Matches(@"(?m)^Version:\s+nb, format big \(written by Cassandra 4\.0\+\)$", result.StandardOutput);
        Assert.Matches(@"(?m)^Timestamps:\s+min 1000000 µs \(1970-01-01T00:00:01\.000000Z\), max 1000000 µs", result.StandardOutput);
        Assert.Matches(@"(?m)^Checks:\s+all passed$", result.StandardOutput);
    }

    [Fact]
    public void A_missing_path_is_refused_with_exit_code_1()
    {
        var result = Amphora("sstable", "verify", "/nonexistent/nb-1-big-Data.db");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/nb-1-big-Data.db does not exist", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A node with a compressed table (with an index) and an uncompressed one, flushed to SSTables.</summary>
    private static SandboxHarness WrittenSandbox(SSTableFormat format)
    {
        var sandbox = new SandboxHarness(format);
        sandbox.Write("shop.orders", 200, timestampMicros: 1_000_000, valueSize: 300, creation: new TableCreation { Indexes = ["orders_by_value"] });
        sandbox.Write("shop.plain", 200, timestampMicros: 2_000_000, creation: new TableCreation { Storage = TableStorageOptions.Uncompressed });
        sandbox.NodetoolOk("flush");
        return sandbox;
    }
}

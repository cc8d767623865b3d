using System.Diagnostics;
using System.Security.Cryptography;
using Amphora.Bench.Report;

namespace Amphora.Bench.Phases;

/// <summary>
/// The content hash's cost on this machine, one core: SHA-256 as Amphora runs it (.NET, SHA-NI where the CPU has it) and,
/// for comparison, MD5, BLAKE3 (b3sum) and XXH128 (xxhsum) when installed. Only a collision-resistant hash may name
/// content that backups share, which rules out XXH128 whatever its speed.
/// </summary>
public static class HashPhase
{
    private const int BufferBytes = 256 << 20;

    public static async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        BenchContext.Stage("Hash throughput, one core");
        var buffer = new byte[BufferBytes];
        Random.Shared.NextBytes(buffer);
        Add(context, "SHA-256 (.NET, Amphora's content hash)", InProcess(buffer, SHA256.HashData));
        Add(context, "MD5 (.NET; S3's ETag)", InProcess(buffer, MD5.HashData));

        var file = context.PathIn("hash-sample");
        await File.WriteAllBytesAsync(file, buffer, cancellationToken).ConfigureAwait(false);
        foreach (var (name, command) in new[] { ("BLAKE3 (b3sum)", "b3sum --num-threads 1"), ("XXH128 (xxhsum -H2, not collision-resistant)", "xxhsum -H2") })
        {
            await ProcessMeter.ShellAsync($"{command} {file} >/dev/null", cancellationToken).ConfigureAwait(false); // warm
            var run = await ProcessMeter.ShellAsync($"for i in 1 2 3 4; do {command} {file}; done >/dev/null", cancellationToken).ConfigureAwait(false);
            if (run.ExitCode == 0)
            {
                Add(context, name, Units.MiBps(4L * BufferBytes, run.Seconds));
            }
        }

        File.Delete(file);
    }

    private static double InProcess(byte[] buffer, Func<byte[], byte[]> hash)
    {
        hash(buffer);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++)
        {
            hash(buffer);
        }

        return Units.MiBps(4L * buffer.Length, clock.Elapsed.TotalSeconds);
    }

    private static void Add(BenchContext context, string name, double mibps) =>
        context.Add(new ResultRow("h", name, Units.Throughput(mibps), string.Empty, string.Empty, string.Empty, null));
}

using System.Globalization;
using Amphora.Bench.Node;
using Amphora.Bench.Report;

namespace Amphora.Bench.Phases;

/// <summary>Benchmark 5: backup and in-place restore against the local S3-compatible server, side by side with rclone.</summary>
public static class ObjectStorePhase
{
    private const string Snapshot = "bench-s3";

    public static async Task RunAsync(BenchContext context, BenchNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(node);
        if (context.Options.S3Endpoint is not { } endpoint)
        {
            Console.WriteLine("  5 skipped: no S3 endpoint (--s3-endpoint or AMPHORA_TEST_S3_ENDPOINT)");
            return;
        }

        var prefix = $"{context.Options.S3Bucket}/bench-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var cli = new AmphoraCli(context.Cli.DllPath, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_S3"] = endpoint,
            ["AWS_CA_BUNDLE"] = null,
        });
        await LocalDiskPhases.NodetoolAsync(node, ["snapshot", "-t", Snapshot, NodeShape.Keyspace], cancellationToken).ConfigureAwait(false);
        var snapshot = SnapshotFiles.Of(node, Snapshot);
        var location = $"s3:{prefix}/amphora";
        BenchContext.Stage($"5. Backup of snapshot {Snapshot} ({Units.Size(snapshot.Bytes)}) and restore through {endpoint}");

        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var backupRun = await cli.RunAsync(
            ["backup", .. node.NodeArguments, "--location", location, "--tag", "s3", "--use-existing-snapshot", Snapshot,
             "--cache-dir", context.PathIn("hash-cache-s3"), "--output", "json"], cancellationToken).ConfigureAwait(false);
        var backup = BackupFigures.Of(backupRun);

        await context.Cli.RunCheckedAsync(["sandbox", "stop", node.ClusterDirectory, "--node", "node1"], cancellationToken).ConfigureAwait(false);
        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var restore = await cli.RunCheckedAsync(["restore", "s3", "--in-place", .. node.NodeArguments, "--location", location], cancellationToken).ConfigureAwait(false);
        await context.Cli.RunCheckedAsync(["sandbox", "start", node.ClusterDirectory, "--node", "node1"], cancellationToken).ConfigureAwait(false);
        context.NotePeakRss(backupRun, restore);

        MeasuredRun? rcloneUp = null;
        MeasuredRun? rcloneDown = null;
        if (context.Rclone is { } rclone)
        {
            var environment = Tools.Rclone.S3Environment(endpoint);
            var remote = $"{Tools.Rclone.S3Remote}:{prefix}/rclone";
            await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            rcloneUp = (await rclone.CopyFilesAsync("/", snapshot.WriteFileList(context.PathIn("s3-files.txt")), remote, environment, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
            await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            rcloneDown = await rclone.CopyTreeAsync(remote, context.PathIn("rclone-s3-restore"), snapshot.Bytes, environment, cancellationToken).ConfigureAwait(false);
            LocalDiskPhases.DeleteIfPresent(context.PathIn("rclone-s3-restore"));
        }

        Row(context, "backup to the S3-compatible server", backup.Bytes, backupRun, snapshot.Bytes, rcloneUp);
        Row(context, "in-place restore from the S3-compatible server", backup.Bytes, restore, snapshot.Bytes, rcloneDown);
        await LocalDiskPhases.NodetoolAsync(node, ["clearsnapshot", "-t", Snapshot], cancellationToken).ConfigureAwait(false);
    }

    private static void Row(BenchContext context, string what, long bytes, MeasuredRun amphora, long rcloneBytes, MeasuredRun? rclone)
    {
        var ratio = rclone is null ? (double?)null : Units.MiBps(bytes, amphora.Seconds) / Units.MiBps(rcloneBytes, rclone.Seconds);
        context.Add(new ResultRow("5", what, Units.Rate(bytes, amphora.Seconds),
            rclone is null ? "rclone not installed" : "rclone copy: " + Units.Rate(rcloneBytes, rclone.Seconds),
            ratio is { } r ? Units.Ratio(r) : string.Empty, ">= 1x rclone", ratio is { } met ? met >= 1 : null));
    }
}

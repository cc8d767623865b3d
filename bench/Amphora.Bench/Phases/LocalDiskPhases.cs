using Amphora.Bench.Node;
using Amphora.Bench.Report;
using Amphora.Bench.Tools;

namespace Amphora.Bench.Phases;

/// <summary>
/// Benchmarks 1 to 4 on one generated node and a local-disk location: the first full backup against cp -r and rclone copy
/// of the same snapshot, a re-backup of the unchanged node, a backup after a compaction, and an in-place restore against
/// cp -r back. Every copy is followed by sync, because Amphora's objects are durable when it returns.
/// </summary>
public static class LocalDiskPhases
{
    public const string BaseSnapshot = "bench-base";

    public static async Task<BenchNode> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        BenchContext.Stage($"Generating a node of {Units.Size(options.NodeBytes)} in ~{options.NodeFiles} files");
        var node = await BenchNode.CreateAsync(context.Cli, context.PathIn("node"), NodeShape.For(options.NodeBytes, options.NodeFiles), cancellationToken).ConfigureAwait(false);
        await NodetoolAsync(node, ["snapshot", "-t", BaseSnapshot, NodeShape.Keyspace], cancellationToken).ConfigureAwait(false);
        var snapshot = SnapshotFiles.Of(node, BaseSnapshot);
        var location = "file:" + context.PathIn("location");
        // The generated keyspace only, as in the snapshot the baselines copy: the re-backup then meets no file the first did not.
        string[] backup = ["backup", .. node.NodeArguments, "-K", NodeShape.Keyspace + ".*", "--location", location, "--cache-dir", context.PathIn("hash-cache"), "--output", "json"];

        BenchContext.Stage($"1. First full backup of snapshot {BaseSnapshot}: {snapshot.Files.Count} files, {Units.Size(snapshot.Bytes)}");
        var cpBackup = context.PathIn("cp-backup");
        Directory.CreateDirectory(cpBackup);
        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var cp = await CopyAsync(snapshot.Directories.Select((d, i) => (d, Path.Combine(cpBackup, $"{i}"))), cancellationToken).ConfigureAwait(false);
        MeasuredRun? rclone = null;
        if (context.Rclone is { } tool)
        {
            await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            rclone = (await tool.CopyFilesAsync("/", snapshot.WriteFileList(context.PathIn("snapshot-files.txt")), context.PathIn("rclone-backup"), null, cancellationToken)
                .ConfigureAwait(false)).EnsureSuccess();
        }

        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var firstRun = await context.Cli.RunAsync([.. backup, "--tag", "full", "--use-existing-snapshot", BaseSnapshot], cancellationToken).ConfigureAwait(false);
        var first = BackupFigures.Of(firstRun);
        var ratio = Units.MiBps(first.Bytes, firstRun.Seconds) / Units.MiBps(snapshot.Bytes, cp.Seconds);
        context.Add(new ResultRow("1", $"first full backup to local disk ({first.Files} files, {Units.Size(first.Bytes)})",
            Units.Rate(first.Bytes, firstRun.Seconds), "cp -r: " + Units.Rate(snapshot.Bytes, cp.Seconds), Units.Ratio(ratio), ">= 0.9x cp", ratio >= 0.9));
        if (rclone is not null)
        {
            var versus = Units.MiBps(first.Bytes, firstRun.Seconds) / Units.MiBps(snapshot.Bytes, rclone.Seconds);
            context.Add(new ResultRow("1", "first full backup to local disk", Units.Rate(first.Bytes, firstRun.Seconds),
                "rclone copy: " + Units.Rate(snapshot.Bytes, rclone.Seconds), Units.Ratio(versus), string.Empty, null));
        }

        context.Add(new ResultRow("1", "SSTable bytes read by the first backup", Units.Size(first.SSTableBytesRead),
            "SSTable bytes: " + Units.Size(first.Bytes), Units.Ratio(first.SSTableBytesRead / (double)first.Bytes), string.Empty, null));

        BenchContext.Stage("2. Re-backup of the unchanged node (its own snapshot, hash cache warm)");
        var againRun = await context.Cli.RunAsync([.. backup, "--tag", "unchanged"], cancellationToken).ConfigureAwait(false);
        var again = BackupFigures.Of(againRun);
        var nodeSeconds = await NodeCommandSecondsAsync(node, cancellationToken).ConfigureAwait(false);
        context.Add(new ResultRow("2", $"re-backup of the unchanged node ({again.Files} files), wall time", Units.Seconds(againRun.Seconds),
            $"of which nodetool: ~{Units.Seconds(nodeSeconds)}", string.Empty, "< 2 s", againRun.Seconds < 2));
        context.Add(new ResultRow("2", "SSTable bytes read by the re-backup", Units.Size(again.SSTableBytesRead), string.Empty, string.Empty, "0", again.SSTableBytesRead == 0));

        BenchContext.Stage($"3. nodetool compact {NodeShape.Keyspace} {NodeShape.CompactedTable}, then a backup");
        var before = node.LiveFiles().Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        await NodetoolAsync(node, ["compact", NodeShape.Keyspace, NodeShape.CompactedTable], cancellationToken).ConfigureAwait(false);
        var live = node.LiveFiles();
        var changed = live.Where(f => !before.Contains(f.FullName)).Sum(f => f.Length);
        var compactedRun = await context.Cli.RunAsync([.. backup, "--tag", "compacted"], cancellationToken).ConfigureAwait(false);
        var compacted = BackupFigures.Of(compactedRun);
        var uploadedRatio = compacted.UploadedBytes / (double)Math.Max(1, changed);
        context.Add(new ResultRow("3", $"backup after compaction rewrote {100.0 * changed / live.Sum(f => f.Length):0.0}% of the data",
            "uploaded " + Units.Size(compacted.UploadedBytes), "changed " + Units.Size(changed), Units.Ratio(uploadedRatio), "within 5%", Math.Abs(uploadedRatio - 1) <= 0.05));

        BenchContext.Stage("4. In-place restore of the latest backup on the stopped node");
        await context.Cli.RunCheckedAsync(["sandbox", "stop", node.ClusterDirectory, "--node", "node1"], cancellationToken).ConfigureAwait(false);
        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var restore = await context.Cli.RunCheckedAsync(["restore", "compacted", "--in-place", .. node.NodeArguments, "--location", location], cancellationToken).ConfigureAwait(false);
        await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
        var cpBack = await CopyAsync([(cpBackup, context.PathIn("cp-restore"))], cancellationToken).ConfigureAwait(false);
        var restoreRatio = Units.MiBps(compacted.Bytes, restore.Seconds) / Units.MiBps(snapshot.Bytes, cpBack.Seconds);
        context.Add(new ResultRow("4", $"in-place restore from local disk ({compacted.Files} files, {Units.Size(compacted.Bytes)})",
            Units.Rate(compacted.Bytes, restore.Seconds), "cp -r: " + Units.Rate(snapshot.Bytes, cpBack.Seconds), Units.Ratio(restoreRatio), ">= 0.9x cp", restoreRatio >= 0.9));
        if (context.Rclone is { } back)
        {
            await context.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            var rcloneBack = await back.CopyTreeAsync(context.PathIn("rclone-backup"), context.PathIn("rclone-restore"), snapshot.Bytes, null, cancellationToken).ConfigureAwait(false);
            context.Add(new ResultRow("4", "in-place restore from local disk", Units.Rate(compacted.Bytes, restore.Seconds),
                "rclone copy: " + Units.Rate(snapshot.Bytes, rcloneBack.Seconds), Units.Ratio(Units.MiBps(compacted.Bytes, restore.Seconds) / Units.MiBps(snapshot.Bytes, rcloneBack.Seconds)), string.Empty, null));
        }

        await context.Cli.RunCheckedAsync(["sandbox", "start", node.ClusterDirectory, "--node", "node1"], cancellationToken).ConfigureAwait(false);
        context.NotePeakRss(firstRun, againRun, compactedRun, restore);
        foreach (var copy in new[] { "cp-backup", "cp-restore", "rclone-backup", "rclone-restore" })
        {
            DeleteIfPresent(context.PathIn(copy));
        }

        return node;
    }

    public static async Task NodetoolAsync(BenchNode node, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await ProcessMeter.RunAsync(node.Nodetool, arguments, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    public static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>cp -r of each source to its destination, then sync: the disk's limit for a durable copy.</summary>
    private static async Task<MeasuredRun> CopyAsync(IEnumerable<(string Source, string Destination)> copies, CancellationToken cancellationToken) =>
        (await ProcessMeter.ShellAsync(
            string.Join(" && ", copies.Select(c => $"cp -r {ShellWords.Quote(c.Source)} {ShellWords.Quote(c.Destination)}")) + " && sync",
            cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>What the node's own commands cost a backup: identity (three at once), snapshot and clearsnapshot.</summary>
    private static async Task<double> NodeCommandSecondsAsync(BenchNode node, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(
            NodetoolAsync(node, ["info"], cancellationToken),
            NodetoolAsync(node, ["describecluster"], cancellationToken),
            NodetoolAsync(node, ["version"], cancellationToken)).ConfigureAwait(false);
        await NodetoolAsync(node, ["snapshot", "-t", "bench-probe"], cancellationToken).ConfigureAwait(false);
        await NodetoolAsync(node, ["clearsnapshot", "-t", "bench-probe"], cancellationToken).ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }
}

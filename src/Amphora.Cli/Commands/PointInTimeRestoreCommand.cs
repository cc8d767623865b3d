using Amphora.Core.Configuration;
using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Backup;
using Amphora.Core.CommitLogs;
using Amphora.Core.Restore;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora restore --point-in-time T|latest</c>: snapshot, incrementals and commit log replay on a stopped node.</summary>
public sealed class PointInTimeRestoreCommand
{
    public Option<string?> PointInTime { get; } = new("--point-in-time")
    {
        Description = "Node stopped: bring it back to this moment (ISO 8601 with zone, microseconds, e.g. 2026-11-22T10:15:30.123456Z), or 'latest' " +
            "for every archived write: the newest snapshot before it, the incremental SSTables after that snapshot, and the archived commit log " +
            "segments replayed by Cassandra at its next start-up.",
    };

    public Option<string> Precision { get; } = new Option<string>("--precision")
    {
        Description = "The unit of the cluster's write timestamps (commitlog_archiving.properties precision).",
        DefaultValueFactory = _ => "MICROSECONDS",
    }.AcceptOnlyFromAmong("MICROSECONDS", "MILLISECONDS", "SECONDS");

    public Option<string> ClientClockLag { get; } = new("--client-clock-lag")
    {
        Description = "How far clients' write timestamps may lag the node's clock: segments closed up to this long after the point are replayed too.",
        DefaultValueFactory = _ => "1m",
    };

    public IEnumerable<Option> All => [PointInTime, Precision, ClientClockLag];

    public static async Task RunAsync(
        PointInTimeRequest request, RestoreTarget target, string cassandraYaml, Core.Repository.BackupRepository repository, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var propertiesPath = CommitLogArchivingProperties.PathBeside(cassandraYaml);
        var plan = await PointInTimePlanner.PlanAsync(repository, target, propertiesPath, request, cancellationToken).ConfigureAwait(false);
        PointInTimePlanText.Print(plan, repository.Location);
        if (dryRun)
        {
            Console.WriteLine("Dry run: nothing was downloaded or changed.");
            return;
        }

        var result = await ConsoleRestoreProgress.RunAsync(progress => new PointInTimeRestore(repository, target, progress, request.Parallelism).RunAsync(plan, cancellationToken))
            .ConfigureAwait(false);
        Console.WriteLine($"Restored {plan.Restore.Tables.Count} table(s) from snapshot {plan.Chain.Snapshot.Tag} and {plan.Chain.Taken.Count} incremental SSTable(s); " +
            $"staged {plan.Segments.Count + plan.LocalSegments.Count} commit log segment(s) and wrote the restore settings to {propertiesPath}.");
        Console.WriteLine($"The node's previous files are in rollback folder {result.Journal.Id} ('amphora restore rollback' puts them back).");
        Console.WriteLine("Next: start the node; it replays the segments" +
            (plan.PointInTime is { } point ? $" up to {point}" : string.Empty) + " at start-up" +
            (plan.ReplayList.Count > 0 ? $" (start it with -Dcassandra.replayList={string.Join(',', plan.ReplayList)}, e.g. in JVM_EXTRA_OPTS, so that only the restored tables replay)" : string.Empty) +
            ". Then run 'amphora restore finish' to remove the restore settings, repair the table(s), and take a snapshot backup: " +
            "the archive still holds the segments written after the point, so later point-in-time restores must start from a snapshot taken after this restore.");
    }

    public PointInTimeRequest Request(ParseResult parse, TableFilter tables, string? cluster, Guid? hostId, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = parse.GetValue(PointInTime)!;
        return new PointInTimeRequest
        {
            PointInTime = text.Equals("latest", StringComparison.OrdinalIgnoreCase) ? null : ParsePoint(text),
            Precision = TimestampPrecisions.Parse(parse.GetValue(Precision)),
            ClientClockLag = DurationText.Parse(parse.GetValue(ClientClockLag)!, "--client-clock-lag"),
            Tables = tables,
            Cluster = cluster,
            HostId = hostId,
            Parallelism = parallelism,
        };
    }

    private static PointInTime ParsePoint(string text)
    {
        try
        {
            return Core.CommitLogs.PointInTime.ParseIso(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--point-in-time: {e.Message}", e);
        }
    }
}

using Amphora.Core.Configuration;
using System.CommandLine;
using Amphora.Core.Catalog;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora purge</c>: retention for every node in a location.</summary>
public static class PurgeCommand
{
    public static Command Create()
    {
        var location = CommonOptions.Location();
        var keepLast = new Option<int?>("--keep-last") { Description = "Per node, keep this many newest complete snapshot backups." };
        var keepWithin = new Option<string?>("--keep-within") { Description = "Per node, keep complete snapshot backups finished within this time (e.g. 30d)." };
        var grace = CommonOptions.Grace("Incomplete backups, and content no backup references, younger than this stay (a failed run may be retried).");
        var (dryRun, lockWait) = (CommonOptions.DryRun(), CommonOptions.LockWait());
        var command = new Command("purge",
            "Delete snapshot backups outside the retention rules (one meeting either rule stays; each node's newest complete snapshot always stays), " +
            "incremental backups finished before the oldest kept snapshot backup started, incomplete backups older than the grace period, " +
            "and content no remaining backup references.")
        {
            location, keepLast, keepWithin, grace, dryRun, lockWait,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var last = parse.GetValue(keepLast);
            var within = parse.GetValue(keepWithin) is { } text ? DurationText.Parse(text, "--keep-within") : (TimeSpan?)null;
            if (last is null && within is null)
            {
                throw new ArgumentException("purge needs a retention rule: --keep-last N and/or --keep-within DURATION (e.g. --keep-last 7 --keep-within 30d).");
            }

            if (last < 1)
            {
                throw new ArgumentException($"--keep-last {last}: keep at least 1 backup per node.");
            }

            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var policy = new RetentionPolicy(last, within, DurationText.Parse(parse.GetValue(grace)!, "--grace"));
            var plan = await new BackupDeletion(repository, CommonOptions.LockOptions(parse.GetValue(lockWait)!))
                .PurgeAsync(policy, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
            BackupsCommands.PrintPlan(plan);
        }));
        return command;
    }
}

using Amphora.Core.Configuration;
using System.CommandLine;
using System.Globalization;
using Amphora.Api.Agent;
using Amphora.Api.Server;
using Amphora.Cli.Output;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora task backup|list|show|progress|stop|start|delete|suspend|resume</c>: the backup tasks an Amphora server
/// schedules and runs, through its REST API.
/// </summary>
public static class TaskCommands
{
    public static Command Create() => new("task", "Create, inspect, stop and start the backup tasks an Amphora server runs.")
    {
        BackupCommand(),
        ListCommand(),
        TaskCommand("show", "One task: schedule, options, next run, newest run.", Show),
        TaskCommand("progress", "The newest run per node, keyspace and table: files and bytes done, skipped, failed, rate and ETA.", Progress),
        TaskCommand("stop", "Stop the task's run in progress and disable the task; start continues where it stopped.", Stop),
        TaskCommand("start", "Enable the task and run it now, continuing its stopped run if it has one.", Start),
        TaskCommand("delete", "Stop the task and remove it with its run history; the backups in its locations stay.", Delete),
        ClusterCommand("suspend", "Stop the cluster's run in progress and pause its scheduling.", (client, cluster, token) => client.SuspendAsync(cluster, token),
            "suspended: no run starts until resume"),
        ClusterCommand("resume", "Unpause the cluster's scheduling and continue the runs suspend stopped.", (client, cluster, token) => client.ResumeAsync(cluster, token),
            "resumed"),
    };

    private static Option<string> ClusterOption() => new("--cluster") { Description = "The cluster, as registered on the server.", Required = true };

    private static Command BackupCommand()
    {
        var cluster = ClusterOption();
        var name = new Option<string?>("--name") { Description = "The task's name, unique in its cluster; backup tags are NAME-yyyyMMdd-HHmmss (default backup-N)." };
        var tables = Commands.BackupCommand.TablesOption();
        var datacenters = new Option<string?>("--dc") { Description = "Datacenter globs with '!' exclusions, e.g. 'dc*,!dc3' (default: every datacenter)." };
        var location = CommonOptions.Location();
        var cron = new Option<string?>("--cron") { Description = "Five-field cron expression (minute hour day month weekday) or @hourly, @daily, @weekly." };
        var interval = new Option<string?>("--interval") { Description = "Run every interval from --start-at: 30m, 1h, 1d. Neither --cron nor --interval: run once." };
        var startAt = new Option<string?>("--start-at") { Description = "No run before this time, ISO 8601 (UTC unless an offset is given); default now." };
        var timeZone = new Option<string?>("--timezone") { Description = "IANA time zone --cron is read in, e.g. Europe/Paris (default UTC)." };
        var retention = new Option<int?>("--retention") { Description = "Keep this many newest complete backups of the task." };
        var retentionDays = new Option<int?>("--retention-days") { Description = "Keep the task's complete backups of the last D days." };
        var snapshotParallel = new Option<int>("--snapshot-parallel") { Description = "Nodes snapshotted at once per datacenter (0: all, the default)." };
        var uploadParallel = new Option<int>("--upload-parallel") { Description = "Nodes uploading at once per datacenter (0: all, the default)." };
        var transfers = new Option<int>("--transfers") { Description = "Files in flight per node.", DefaultValueFactory = _ => 4 };
        var rateLimit = new Option<string?>("--rate-limit") { Description = "Per-node MiB/s: 50, or per datacenter dc1:100,dc2:20,50 (the bare number is the default)." };
        var retries = new Option<int>("--retries") { Description = "Runs started again after a failed one.", DefaultValueFactory = _ => 3 };
        var retryWait = new Option<string>("--retry-wait") { Description = "Wait before the first retry, doubling after each (10m).", DefaultValueFactory = _ => "10m" };
        var incompleteGrace = new Option<string>("--incomplete-grace")
        {
            Description = "The task's incomplete backups (failed runs) older than this are purged after a successful run (1d).",
            DefaultValueFactory = _ => "1d",
        };
        var dryRun = CommonOptions.DryRun();
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command("backup", "Create a backup task: what, where, when, how fast, how long to keep; --dry-run shows what it would do.")
        {
            cluster, name, tables, datacenters, location, cron, interval, startAt, timeZone, retention, retentionDays, snapshotParallel, uploadParallel,
            transfers, rateLimit, retries, retryWait, incompleteGrace, dryRun, output,
        };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var spec = new BackupTaskSpec
            {
                Name = parse.GetValue(name),
                Tables = parse.GetValue(tables),
                Datacenters = parse.GetValue(datacenters),
                Locations = parse.GetValue(location)!,
                Cron = parse.GetValue(cron),
                Interval = parse.GetValue(interval),
                StartAt = parse.GetValue(startAt) is { } text ? ParseTime(text) : null,
                TimeZone = parse.GetValue(timeZone),
                RetentionCount = parse.GetValue(retention),
                RetentionDays = parse.GetValue(retentionDays),
                SnapshotParallel = parse.GetValue(snapshotParallel),
                UploadParallel = parse.GetValue(uploadParallel),
                Transfers = parse.GetValue(transfers),
                RateLimit = parse.GetValue(rateLimit),
                Retries = parse.GetValue(retries),
                RetryWait = parse.GetValue(retryWait)!,
                IncompleteGrace = parse.GetValue(incompleteGrace)!,
            };
            using var client = connection.Open(parse);
            var json = parse.GetValue(output) == "json";
            if (parse.GetValue(dryRun))
            {
                var plan = await client.DryRunBackupTaskAsync(parse.GetValue(cluster)!, spec, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.Write(plan);
                }
                else
                {
                    PrintDryRun(plan);
                }

                return;
            }

            var task = await client.CreateBackupTaskAsync(parse.GetValue(cluster)!, spec, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                JsonOutput.Write(task);
                return;
            }

            Console.WriteLine($"Task {task.Name} ({task.Id}) created on cluster {task.Cluster}; next run {TimeText.Format(task.NextRunAt)}.");
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var cluster = ClusterOption();
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command("list", "The cluster's tasks: schedule, state, next run, newest run.") { cluster, output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            var tasks = await client.TasksAsync(parse.GetValue(cluster)!, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(tasks);
                return;
            }

            if (tasks.Count == 0)
            {
                Console.WriteLine($"Cluster {parse.GetValue(cluster)} has no task; create one with amphora task backup.");
                return;
            }

            var table = new TextTable("NAME", "KIND", "SCHEDULE", "STATE", "NEXT RUN", "LAST RUN", "STATUS", "FAILURES");
            foreach (var task in tasks)
            {
                table.Add(task.Name, task.Kind, Schedule(task.Spec), task.Enabled ? "enabled" : "disabled", TimeText.Format(task.NextRunAt),
                    task.LastRun?.Tag ?? "-", task.LastRun?.Status ?? "-", task.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture));
            }

            Console.Write(table);
        }));
        return command;
    }

    private static async Task Show(ServerClient client, string cluster, string name, bool json, CancellationToken cancellationToken)
    {
        var task = await client.TaskAsync(cluster, name, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            JsonOutput.Write(task);
            return;
        }

        var spec = task.Spec;
        Console.WriteLine($"Task {task.Name} ({task.Id}) on cluster {task.Cluster}: {task.Kind}, {(task.Enabled ? "enabled" : "disabled")}");
        Console.WriteLine($"  schedule:    {Schedule(spec)}{(spec.StartAt is { } start ? ", from " + TimeText.Format(start) : string.Empty)}");
        Console.WriteLine($"  next run:    {TimeText.Format(task.NextRunAt)}");
        Console.WriteLine($"  tables:      {spec.Tables ?? "all (node-local system keyspaces excluded)"}");
        Console.WriteLine($"  datacenters: {spec.Datacenters ?? "all"}");
        Console.WriteLine($"  location:    {spec.Locations}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  limits:      snapshot parallel {spec.SnapshotParallel}, upload parallel {spec.UploadParallel}, transfers {spec.Transfers}, rate {spec.RateLimit ?? "unlimited"}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  retention:   {(spec.RetentionCount is { } count ? count + " backups" : "-")}, {(spec.RetentionDays is { } days ? days + " days" : "-")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  retries:     {spec.Retries} after {spec.RetryWait} (doubling); {task.ConsecutiveFailures} failed in a row"));
        Console.WriteLine(task.LastRun is { } run
            ? $"  last run:    {run.Tag} {run.Status}, started {TimeText.Format(run.StartedAt)}, finished {TimeText.Format(run.FinishedAt)}{(run.Error is null ? string.Empty : ": " + run.Error)}"
            : "  last run:    none yet");
    }

    private static async Task Progress(ServerClient client, string cluster, string name, bool json, CancellationToken cancellationToken)
    {
        var run = await client.ProgressAsync(cluster, name, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            JsonOutput.Write(run);
            return;
        }

        Console.WriteLine($"Run {run.Tag}: {run.Status}, started {TimeText.Format(run.StartedAt)}{(run.FinishedAt is { } finished ? ", finished " + TimeText.Format(finished) : string.Empty)}" +
            (run.Error is null ? string.Empty : ": " + run.Error));
        var table = new TextTable("NODE", "DC", "STAGE", "TABLE", "FILES DONE", "BYTES DONE", "SKIPPED", "FAILED", "RATE", "ETA");
        foreach (var node in run.Nodes)
        {
            var rate = node.BytesPerSecond > 0 ? SizeText.Format((long)node.BytesPerSecond) + "/s" : "-";
            table.Add([node.Agent, node.Datacenter, node.Stage, "(all)", .. Counters(node.Totals), rate, node.Eta is { } eta ? DurationText.Format(eta) : "-"]);
            foreach (var progress in node.Tables)
            {
                table.Add(["", "", "", $"{progress.Keyspace}.{progress.Table}", .. Counters(progress.Counters), "", ""]);
            }

            if (node.Error is not null)
            {
                table.Add("", "", "", "error: " + node.Error, "", "", "", "", "", "");
            }
        }

        Console.Write(table);
    }

    private static async Task Stop(ServerClient client, string cluster, string name, bool json, CancellationToken cancellationToken)
    {
        var task = await client.StopTaskAsync(cluster, name, cancellationToken).ConfigureAwait(false);
        WriteState(task, json, $"Task {task.Name} stopped and disabled{(task.LastRun is { Status: RunStatus.Stopped } run ? $"; run {run.Tag} continues on start" : string.Empty)}.");
    }

    private static async Task Start(ServerClient client, string cluster, string name, bool json, CancellationToken cancellationToken)
    {
        var task = await client.StartTaskAsync(cluster, name, cancellationToken).ConfigureAwait(false);
        WriteState(task, json, task.LastRun is { Status: RunStatus.Stopped } run
            ? $"Task {task.Name} started: run {run.Tag} continues where it stopped."
            : $"Task {task.Name} started: a new run begins now.");
    }

    private static async Task Delete(ServerClient client, string cluster, string name, bool json, CancellationToken cancellationToken)
    {
        await client.DeleteTaskAsync(cluster, name, cancellationToken).ConfigureAwait(false);
        if (!json)
        {
            Console.WriteLine($"Task {name} deleted; the backups it made stay in their locations.");
        }
    }

    private static Command TaskCommand(string verb, string description, Func<ServerClient, string, string, bool, CancellationToken, Task> action)
    {
        var task = new Argument<string>("task") { Description = "The task's name or id." };
        var cluster = ClusterOption();
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command(verb, description) { task, cluster, output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            await action(client, parse.GetValue(cluster)!, parse.GetValue(task)!, parse.GetValue(output) == "json", cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command ClusterCommand(string verb, string description, Func<ServerClient, string, CancellationToken, Task> action, string done)
    {
        var cluster = ClusterOption();
        var connection = new ServerConnection();
        var command = new Command(verb, description) { cluster };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            await action(client, parse.GetValue(cluster)!, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Cluster {parse.GetValue(cluster)} {done}.");
        }));
        return command;
    }

    private static void WriteState(TaskInfo task, bool json, string text)
    {
        if (json)
        {
            JsonOutput.Write(task);
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    private static void PrintDryRun(BackupDryRun plan)
    {
        Console.WriteLine("Dry run: nothing was created or uploaded.");
        var table = new TextTable("NODE", "DC", "LOCATION", "TABLES", "FILES", "SIZE", "TO UPLOAD (AT MOST)");
        foreach (var node in plan.Nodes)
        {
            table.Add(node.Agent, node.Datacenter, node.Plan.Location, node.Plan.Tables.Count.ToString(CultureInfo.InvariantCulture),
                node.Plan.Files.ToString(CultureInfo.InvariantCulture), SizeText.Format(node.Plan.Bytes),
                string.Create(CultureInfo.InvariantCulture, $"{node.Plan.FilesToUpload} files, {SizeText.Format(node.Plan.BytesToUpload)}"));
        }

        Console.Write(table);
        Console.WriteLine($"Total to upload (at most): {SizeText.Format(plan.Nodes.Sum(node => node.Plan.BytesToUpload))}");
        Console.WriteLine($"Locations: {string.Join(", ", plan.Locations.Select(pair => $"{pair.Key} -> {pair.Value}"))}");
        Console.WriteLine($"Limits:    {plan.Limits}");
        Console.WriteLine($"Retention: {plan.Retention}");
        Console.WriteLine($"Schedule:  {plan.Schedule}");
        Console.WriteLine($"Next runs: {(plan.NextRuns.Count == 0 ? "none" : string.Join(", ", plan.NextRuns.Select(run => TimeText.Format(run))))}");
    }

    private static string[] Counters(TransferCounters counters) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"{counters.DoneFiles}/{counters.Files}"),
        $"{SizeText.Format(counters.DoneBytes)}/{SizeText.Format(counters.Bytes)}",
        string.Create(CultureInfo.InvariantCulture, $"{counters.SkippedFiles} ({SizeText.Format(counters.SkippedBytes)})"),
        string.Create(CultureInfo.InvariantCulture, $"{counters.FailedFiles}"),
    ];

    private static string Schedule(BackupTaskSpec spec) =>
        spec.Cron is not null ? $"cron {spec.Cron} {spec.TimeZone ?? "UTC"}" : spec.Interval is not null ? "every " + spec.Interval : "once";

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ArgumentException($"--start-at '{text}' is not a time; write ISO 8601, e.g. 2026-03-01T02:00:00Z or 2026-03-01T02:00+01:00.");
}

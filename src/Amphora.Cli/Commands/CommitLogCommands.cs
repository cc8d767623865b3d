using Amphora.Core.Configuration;
using System.CommandLine;
using System.Globalization;
using Amphora.Cli.Output;
using Amphora.Core.CommitLogs;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary>
/// <c>amphora commitlog archive|ship|setup|list</c>: Cassandra's archive_command hard-links each finished segment into a
/// spool, <c>ship</c> uploads the spool to a location, <c>list</c> shows what a point-in-time restore can reach.
/// </summary>
public static class CommitLogCommands
{
    public static Command Create() => new("commitlog", "Commit log archiving for point-in-time recovery (docs/commitlog.md).")
    {
        ArchiveCommand(),
        ShipCommand(),
        SetupCommand(),
        ListCommand(),
    };

    /// <summary>
    /// <c>commitlog archive PATH NAME [--spool DIR]</c> as Cassandra runs it, without building the command tree: it runs for
    /// every segment, so it starts as little as it can. Null when the words have another shape (--help...): the parser takes them.
    /// </summary>
    public static int? TryArchiveDirectly(string[] words) => words switch
    {
        [var path, var name] when IsValue(path) && IsValue(name) => Archive(path, name, null),
        [var path, var name, "--spool", var spool] when IsValue(path) && IsValue(name) && IsValue(spool) => Archive(path, name, spool),
        _ => null,
    };

    private static bool IsValue(string word) => word.Length > 0 && word[0] != '-';

    private static int Archive(string path, string name, string? spool)
    {
        try
        {
            SegmentSpool.Archive(path, name, spool);
            return CliErrors.Success;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"amphora commitlog archive: {e.Message} Cassandra keeps the segment.");
            return CliErrors.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"amphora commitlog archive: {e.Message} Cassandra keeps the segment.");
            return CliErrors.Failure;
        }
    }

    private static Command ArchiveCommand()
    {
        var path = new Argument<string>("PATH") { Description = "The finished segment (archive_command's %path)." };
        var name = new Argument<string>("NAME") { Description = "Its file name (archive_command's %name)." };
        var spool = SpoolOption("Default: .amphora-archive beside the segment.");
        var command = new Command("archive",
            "Cassandra's archive_command: hard-link a finished segment into the spool (atomic, idempotent). Set it up with 'amphora commitlog setup'.")
        {
            path, name, spool,
        };
        command.SetAction(parse => Archive(parse.GetValue(path)!, parse.GetValue(name)!, parse.GetValue(spool)));
        return command;
    }

    private static Command ShipCommand()
    {
        var yaml = CommonOptions.CassandraYaml();
        var nodetool = CommonOptions.Nodetool();
        var location = CommonOptions.Location();
        var spool = SpoolOption("Default: <commitlog_directory>/.amphora-archive.");
        var watch = new Option<bool>("--watch") { Description = "Ship again every --interval until stopped (Ctrl-C, SIGTERM); a failed pass is retried at the next." };
        var interval = new Option<string>("--interval") { Description = "Time between passes with --watch (10s, 1m).", DefaultValueFactory = _ => "10s" };
        var command = new Command("ship",
            "Upload the spooled segments to the location, oldest first; a spool link goes only once its segment is durable there.")
        {
            yaml, nodetool, location, spool, watch, interval,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var configuration = CassandraYaml.Load(parse.GetValue(yaml)!);
            var segmentSpool = new SegmentSpool(parse.GetValue(spool) ?? SegmentSpool.DefaultFor(CommitLogDirectoryOf(configuration)));
            var node = new NodetoolNodeAdapter(configuration, new Nodetool(parse.GetValue(nodetool)!));
            var pass = () => ShipOnceAsync(parse, parse.GetValue(location)!, segmentSpool, node, cancellationToken);
            if (!parse.GetValue(watch))
            {
                return await pass().ConfigureAwait(false);
            }

            var pause = DurationText.Parse(parse.GetValue(interval)!, "--interval");
            Console.WriteLine($"Shipping {segmentSpool.Directory} every {DurationText.Format(pause)} until stopped.");
            do
            {
                try
                {
                    await pass().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    await Console.Error.WriteLineAsync($"amphora: this pass failed, segments stay spooled and the next pass retries: {e.Message}").ConfigureAwait(false);
                }
            }
            while (await PauseAsync(pause, cancellationToken).ConfigureAwait(false));

            Console.WriteLine("Stopped.");
            return CliErrors.Success;
        }));
        return command;
    }

    /// <summary>Waits; false when cancelled meanwhile.</summary>
    private static async Task<bool> PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<int> ShipOnceAsync(ParseResult parse, string locations, SegmentSpool spool, INodeAdapter node, CancellationToken cancellationToken)
    {
        var (spooled, foreign) = spool.List();
        if (spooled.Count == 0)
        {
            ReportForeign(spool, foreign);
            return CliErrors.Success;
        }

        var identity = await SpooledNodeIdentity.ResolveAsync(node, spool, cancellationToken).ConfigureAwait(false);
        var datacenter = LocationList.Parse(locations).IsPerDatacenter ? identity.Datacenter : null;
        var repository = await StorageOptions.OpenRepositoryAsync(parse, locations, create: true, cancellationToken, datacenter).ConfigureAwait(false);
        var report = await new CommitLogShipper(spool, repository.Store, identity).ShipAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, size) in report.Shipped)
        {
            Console.WriteLine($"Shipped {name} ({SizeText.Format(size)}) to {repository.Location}.");
        }

        foreach (var name in report.AlreadyArchived)
        {
            Console.WriteLine($"{name} was already archived in {repository.Location} with the same bytes; unlinked from the spool.");
        }

        ReportForeign(spool, report.Foreign);
        foreach (var (_, problem) in report.Conflicts)
        {
            await Console.Error.WriteLineAsync($"amphora: {problem}").ConfigureAwait(false);
        }

        return report.Conflicts.Count > 0 ? CliErrors.Failure : CliErrors.Success;
    }

    private static void ReportForeign(SegmentSpool spool, IReadOnlyList<string> foreign)
    {
        foreach (var name in foreign)
        {
            Console.Error.WriteLine($"amphora: {spool.PathOf(name)} is not a commit log segment (CommitLog-<version>-<id>.log); left alone.");
        }
    }

    private static Command SetupCommand()
    {
        var yaml = CommonOptions.CassandraYaml();
        var spool = SpoolOption("Default: <commitlog_directory>/.amphora-archive. Must be on the commit log directory's filesystem.");
        var amphora = new Option<string?>("--amphora")
        {
            Description = "How Cassandra should run Amphora, e.g. /usr/local/bin/amphora (default: this Amphora). No spaces inside a word.",
        };
        var check = new Option<bool>("--check") { Description = "Change nothing; report what keeps archiving from working (exit 3 when anything does)." };
        var command = new Command("setup",
            "Set archive_command in commitlog_archiving.properties beside cassandra.yaml (other lines kept); Cassandra reads it at start-up.")
        {
            yaml, spool, amphora, check,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var yamlPath = parse.GetValue(yaml)!;
            var commitLogDirectory = CommitLogDirectoryOf(CassandraYaml.Load(yamlPath));
            var setup = new CommitLogArchivingSetup(commitLogDirectory, parse.GetValue(spool) ?? SegmentSpool.DefaultFor(commitLogDirectory));
            var path = CommitLogArchivingProperties.PathBeside(yamlPath);
            if (parse.GetValue(check))
            {
                var existing = File.Exists(path) ? await CommitLogArchivingProperties.LoadOrEmptyAsync(path, cancellationToken).ConfigureAwait(false) : null;
                var problems = setup.Check(existing, path);
                foreach (var problem in problems)
                {
                    Console.WriteLine($"problem: {problem}");
                }

                if (problems.Count == 0)
                {
                    Console.WriteLine($"OK: {path} hands every finished segment to Amphora's spool {setup.SpoolDirectory} (once Cassandra has started with it).");
                }

                return problems.Count == 0 ? CliErrors.Success : CliErrors.ProblemsFound;
            }

            setup.CheckSameFilesystem();
            var words = parse.GetValue(amphora) is { } given ? given.Split(' ', StringSplitOptions.RemoveEmptyEntries) : AmphoraExecutable.Words();
            var archiveCommand = setup.ArchiveCommand(words);
            var properties = await CommitLogArchivingProperties.LoadOrEmptyAsync(path, cancellationToken).ConfigureAwait(false);
            var previous = properties.ArchiveCommand;
            properties.File.Set(CommitLogArchivingProperties.ArchiveCommandKey, archiveCommand);
            await properties.File.SaveAsync(path, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Wrote {CommitLogArchivingProperties.ArchiveCommandKey}={archiveCommand} to {path}" +
                (previous is not null && previous != archiveCommand ? $" (it replaces '{previous}')." : "."));
            if (properties.HasRestoreSettings)
            {
                await Console.Error.WriteLineAsync($"warning: {CommitLogArchivingSetup.RestoreSettingsWarning(path)}").ConfigureAwait(false);
            }

            Console.WriteLine("Cassandra reads this file only at start-up: restart the node (nodetool drain, then restart) for archiving to begin.");
            Console.WriteLine($"Then keep 'amphora commitlog ship --cassandra-yaml {yamlPath} --location LOCATION --watch' running to upload the spool {setup.SpoolDirectory}.");
            return CliErrors.Success;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var location = CommonOptions.Location();
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster's nodes." };
        var node = new Option<string?>("--node") { Description = "Only the node with this host id." };
        var output = CommonOptions.Output();
        var segments = new Option<bool>("--segments") { Description = "Also every segment and the writes it holds: after the previous segment's close, up to its own." };
        var command = new Command("list", "Archived commit log segments per node: count, size, time covered and the RPO (how far behind now the newest is).")
        {
            location, cluster, node, output, segments,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var hostId = parse.GetValue(node) is { } text
                ? Guid.TryParse(text, out var parsed) ? parsed : throw new ArgumentException($"--node '{text}' is not a host id (a UUID, as nodetool info shows it).")
                : (Guid?)null;
            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var archive = new CommitLogArchive(repository.Store);
            var clusterName = parse.GetValue(cluster);
            var archived = clusterName is not null && hostId is { } id
                ? await archive.ListAsync(clusterName, id, cancellationToken).ConfigureAwait(false)
                : (await archive.ListAllAsync(cancellationToken).ConfigureAwait(false))
                    .Where(s => (clusterName is null || s.Cluster == clusterName) && (hostId is null || s.HostId == hostId)).ToList();
            var summaries = CommitLogNodeSummary.Summarize(archived, DateTimeOffset.UtcNow, parse.GetValue(segments));
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(summaries);
                return;
            }

            if (summaries.Count == 0)
            {
                Console.WriteLine($"{repository.Location} holds no archived commit log segment{(clusterName is null && hostId is null ? string.Empty : " for that cluster or node")}.");
                return;
            }

            foreach (var summary in summaries)
            {
                WriteSummary(summary);
            }
        }));
        return command;
    }

    private static void WriteSummary(CommitLogNodeSummary summary)
    {
        Console.WriteLine($"Node {summary.HostId} (cluster '{summary.Cluster}'): {summary.Segments.ToString(CultureInfo.InvariantCulture)} segments, {SizeText.Format(summary.Bytes)}");
        Console.WriteLine($"  oldest {summary.OldestSegment} closed {TimeText.Format(summary.OldestClosedAt)}; newest {summary.NewestSegment} closed {TimeText.Format(summary.NewestClosedAt)}");
        Console.WriteLine($"  covers {DurationText.Format(summary.Covered)} of writes up to {TimeText.Format(summary.NewestClosedAt)}; RPO {DurationText.Format(summary.RecoveryPointObjective)} " +
            "(now minus the newest segment's close: later writes are in no archived segment yet)");
        if (summary.NoSegmentInLastHour)
        {
            Console.WriteLine("  warning: no segment was archived in the last hour: the node writes little (a segment is archived only when it fills), " +
                "or archiving or shipping stopped (check 'amphora commitlog setup --check' and the ship process).");
        }

        if (summary.SegmentSpans is { } spans)
        {
            var table = new TextTable("SEGMENT", "SIZE", "WRITES AFTER", "UP TO");
            foreach (var span in spans)
            {
                table.Add(span.Name, SizeText.Format(span.Size), span.After is { } after ? TimeText.Format(after) : "(unknown)", TimeText.Format(span.Until));
            }

            Console.Write(table);
        }

        Console.WriteLine();
    }

    private static Option<string?> SpoolOption(string defaultText) => new("--spool")
    {
        Description = "The spool directory, on the commit log directory's filesystem. " + defaultText,
    };

    /// <summary>cassandra.yaml's commitlog_directory, else Cassandra's own default.</summary>
    private static string CommitLogDirectoryOf(CassandraYaml configuration) =>
        configuration.CommitLogDirectory
        ?? Path.Combine(Environment.GetEnvironmentVariable("CASSANDRA_HOME") ?? "/var/lib/cassandra", "data", "commitlog");
}

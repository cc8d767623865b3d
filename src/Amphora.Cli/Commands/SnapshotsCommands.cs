using System.CommandLine;
using System.Globalization;
using Amphora.Cli.Output;
using Amphora.Core.Snapshots;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora snapshots list|clear</c>: the local node's snapshots and the disk space only they hold.</summary>
public static class SnapshotsCommands
{
    public static Command Create() => new("snapshots", "The local node's snapshots: sizes by hard-link count, and clearing them.")
    {
        ListCommand(),
        ClearCommand(),
    };

    private static Command ListCommand()
    {
        var yaml = CommonOptions.CassandraYaml();
        var output = CommonOptions.Output();
        var auto = new Option<bool>("--auto")
        {
            Description = "Only Cassandra's automatic snapshots, dropped-<ms>-<table> and truncated-<ms>-<table>: when, size, and whether the table was created again.",
        };
        var command = new Command("list",
            "Every snapshot per table: size on disk, and true size (bytes no live SSTable or backups/ link shares).") { yaml, output, auto };
        command.SetAction((parse, _) => CliErrors.Guard(() =>
        {
            var configuration = Nodes.CassandraYaml.Load(parse.GetValue(yaml)!);
            if (parse.GetValue(auto))
            {
                ListAuto(AutoSnapshotFinder.Find(configuration.DataFileDirectories), parse.GetValue(output) == "json");
                return Task.CompletedTask;
            }

            var report = LocalSnapshotScanner.Scan(configuration.DataFileDirectories);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(report);
                return Task.CompletedTask;
            }

            if (report.Snapshots.Count == 0)
            {
                Console.WriteLine("There are no snapshots.");
                return Task.CompletedTask;
            }

            var table = new TextTable("SNAPSHOT", "KEYSPACE", "TABLE", "FILES", "SIZE ON DISK", "TRUE SIZE");
            foreach (var s in report.Snapshots)
            {
                table.Add(s.Tag, s.Keyspace, s.Table, s.Files.ToString(CultureInfo.InvariantCulture), SizeText.Format(s.SizeOnDisk), SizeText.Format(s.TrueSize));
            }

            Console.Write(table);
            Console.WriteLine();
            foreach (var (tag, freed) in report.FreedByClearingTag.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"Clearing {tag} would free {SizeText.Format(freed)}");
            }

            Console.WriteLine($"Held only by snapshots: {SizeText.Format(report.HeldOnlyBySnapshots)}");
            return Task.CompletedTask;
        }));
        return command;
    }

    private static void ListAuto(IReadOnlyList<AutoSnapshot> snapshots, bool json)
    {
        if (json)
        {
            JsonOutput.Write(snapshots);
            return;
        }

        if (snapshots.Count == 0)
        {
            Console.WriteLine("There are no automatic snapshots (dropped-* or truncated-*).");
            return;
        }

        var table = new TextTable("SNAPSHOT", "KIND", "TABLE", "TAKEN", "FILES", "SIZE", "RECREATED");
        foreach (var s in snapshots)
        {
            table.Add(
                s.Name,
                s.Kind == AutoSnapshotKind.Dropped ? "dropped" : "truncated",
                $"{s.Keyspace}.{s.Table}",
                s.TakenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                s.Files.ToString(CultureInfo.InvariantCulture),
                SizeText.Format(s.Size),
                s.Recreated ? $"yes (now id {s.NewerTableId})" : "no");
        }

        Console.Write(table);
        Console.WriteLine();
        Console.WriteLine("Restore one with: amphora restore --from-local-snapshot NAME (RECREATED yes: the table exists again under a new id).");
    }

    private static Command ClearCommand()
    {
        var nodetool = CommonOptions.Nodetool();
        var tag = new Option<string?>("--tag", "-t") { Description = "The snapshot to clear." };
        var all = new Option<bool>("--all") { Description = "Clear every snapshot on the node." };
        var command = new Command("clear", "Clear snapshots through the node's nodetool (clearsnapshot), never by deleting files behind its back.")
        {
            nodetool, tag, all,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var (name, everything) = (parse.GetValue(tag), parse.GetValue(all));
            if ((name is null) == !everything)
            {
                throw new ArgumentException("say which snapshots to clear: --tag NAME or --all (not both).");
            }

            var node = new Nodes.Nodetool(parse.GetValue(nodetool)!);
            await (everything ? node.RunAsync(["clearsnapshot", "--all"], cancellationToken) : node.ClearSnapshotAsync(name!, cancellationToken)).ConfigureAwait(false);
            Console.WriteLine(everything ? "Cleared every snapshot." : $"Cleared snapshot {name}.");
        }));
        return command;
    }
}

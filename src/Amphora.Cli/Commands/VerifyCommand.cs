using System.CommandLine;
using Amphora.Cli.Output;
using Amphora.Core.Catalog;
using Amphora.Core.Verification;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora verify</c>: prove a backup complete and uncorrupted without a cluster.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var tag = new Argument<string?>("TAG") { Description = "The backup to verify (see 'amphora backups list').", Arity = ArgumentArity.ZeroOrOne };
        var latest = new Option<bool>("--latest") { Description = "Verify the newest complete backup." };
        var location = CommonOptions.Location();
        var cluster = CommonOptions.Cluster();
        var node = new Option<Guid?>("--node") { Description = "Verify only this node's part (host ID)." };
        var full = new Option<bool>("--full") { Description = "Also stream every object and check its SHA-256." };
        var sstables = new Option<bool>("--sstables") { Description = "Also check every SSTable offline: TOC, mandatory components, digest, chunk checksums or CRC.db, Statistics.db." };
        var parallel = new Option<int>("--parallel") { Description = "Objects checked at once.", DefaultValueFactory = _ => 4 };
        var output = CommonOptions.Output();
        var command = new Command("verify",
            "Check a backup without a cluster. Default: every object its manifests reference exists with the right size. " +
            "Exit code 3 when any check fails; every problem names the node, table, file and check.")
        {
            tag, latest, location, cluster, node, full, sstables, parallel, output,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var (tagValue, useLatest) = (parse.GetValue(tag), parse.GetValue(latest));
            if ((tagValue is null) == !useLatest)
            {
                throw new ArgumentException("name the backup to verify: give a TAG or --latest (not both).");
            }

            var repository = await StorageOptions.OpenRepositoryAsync(parse, parse.GetValue(location)!, create: false, cancellationToken).ConfigureAwait(false);
            var catalog = new BackupCatalog(repository);
            var backup = useLatest
                ? await catalog.LatestCompleteAsync(parse.GetValue(cluster), cancellationToken).ConfigureAwait(false)
                : await catalog.FindAsync(tagValue!, parse.GetValue(cluster), cancellationToken).ConfigureAwait(false);
            var json = parse.GetValue(output) == "json";
            var options = new VerifyOptions
            {
                Full = parse.GetValue(full),
                SSTables = parse.GetValue(sstables),
                HostId = parse.GetValue(node),
                Parallelism = parse.GetValue(parallel),
            };
            var report = await new BackupVerifier(repository, message => Console.Error.WriteLine($"  {message}"))
                .VerifyAsync(backup, options, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                JsonOutput.Write(report);
            }
            else
            {
                Print(report, repository.Location);
            }

            return report.IsValid ? CliErrors.Success : CliErrors.ProblemsFound;
        }));
        return command;
    }

    public static void Print(BackupVerificationReport report, string location)
    {
        ArgumentNullException.ThrowIfNull(report);
        Console.WriteLine($"Backup {report.Tag} of cluster '{report.Cluster}' in {location}: {(report.Complete ? "complete" : "INCOMPLETE")}, " +
            $"{report.Nodes.Count} node(s); checks: {string.Join(", ", report.Checks)}");
        foreach (var node in report.Nodes)
        {
            var files = node.Tables.Sum(t => t.Files);
            Console.WriteLine($"Node {node.HostId}{(node.Datacenter is null ? string.Empty : $" ({node.Datacenter}/{node.Rack})")}: " +
                $"{node.Tables.Count} table(s), {files} file(s), {SizeText.Format(node.Tables.Sum(t => t.Bytes))}: {Verdict(node.ProblemCount)}");
            foreach (var problem in node.Problems)
            {
                Console.WriteLine($"  {problem.Check}: {problem.Message}");
            }

            foreach (var table in node.Tables)
            {
                var sstables = table.SSTables.Count > 0 ? $", {table.SSTables.Count} SSTable(s)" : string.Empty;
                Console.WriteLine($"  {table.Keyspace}.{table.Table}: {table.Files} file(s){sstables}: {Verdict(table.ProblemCount)}");
                foreach (var problem in table.Problems)
                {
                    Console.WriteLine($"    {problem.File}: {problem.Check}: {problem.Message}");
                }

                foreach (var sstable in table.SSTables.Where(s => !s.IsValid))
                {
                    Console.WriteLine($"    SSTable {sstable.Prefix}: FAILED");
                    foreach (var problem in sstable.Problems)
                    {
                        Console.WriteLine($"      {problem.Component}: {problem.Check}: {problem.Message}");
                    }
                }
            }
        }

        Console.WriteLine(report.IsValid
            ? $"Verified: every check passed ({string.Join(", ", report.Checks)})."
            : $"FAILED: {report.ProblemCount} problem(s) in backup {report.Tag}.");
    }

    private static string Verdict(int problems) => problems == 0 ? "OK" : $"{problems} problem(s)";
}

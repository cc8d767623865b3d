using System.CommandLine;
using System.Globalization;
using Amphora.Cli.Output;
using Amphora.Core.SSTables;
using Amphora.Core.SSTables.Verification;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora sstable verify|info</c>: the offline checks <c>amphora verify --sstables</c> runs, on local files.</summary>
public static class SSTableCommands
{
    public static Command Create() => new("sstable", "Check and describe SSTables on local disk, without a running node.")
    {
        VerifyCommand(),
        InfoCommand(),
    };

    private static Command VerifyCommand()
    {
        var paths = new Argument<string[]>("PATH") { Description = "SSTable component files (the whole SSTable is checked) or directories (every SSTable under them).", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Output();
        var command = new Command("verify",
            "Check SSTables as Cassandra would: TOC.txt components present, mandatory components present, Data.db's digest, every chunk checksum " +
            "(CompressionInfo.db) or slice checksum (CRC.db), chunk offsets against the file size, Statistics.db. Exit code 3 if any check fails.")
        { paths, output };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var results = await VerifyAllAsync(parse.GetValue(paths)!, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(results.Select(r => new { Sstable = r.Prefix, Valid = r.IsValid, r.Problems }));
            }
            else
            {
                foreach (var result in results)
                {
                    Console.WriteLine($"{(result.IsValid ? "OK    " : "FAILED")}  {result.Prefix}  ({Summary(result.Details)})");
                    foreach (var problem in result.Problems)
                    {
                        Console.WriteLine($"        {Path.GetFileName(problem.Component)}: {problem.Check}: {problem.Message}");
                    }
                }

                var failed = results.Count(r => !r.IsValid);
                Console.WriteLine($"{results.Count} SSTable(s) checked: {results.Count - failed} valid, {failed} with problems.");
            }

            return results.All(r => r.IsValid) ? CliErrors.Success : CliErrors.ProblemsFound;
        }));
        return command;
    }

    private static Command InfoCommand()
    {
        var path = new Argument<string>("DATA_DB") { Description = "An SSTable's Data.db (or any of its component files)." };
        var output = CommonOptions.Output();
        var command = new Command("info",
            "Describe an SSTable: version, generation id (and its time for UUID ids), format, components and sizes, compressor and chunks, " +
            "min/max timestamp and local deletion time, commit log position; then the same checks as 'sstable verify'.")
        { path, output };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var location = parse.GetValue(path)!;
            if (Directory.Exists(location))
            {
                throw new ArgumentException($"{location} is a directory; give one SSTable's Data.db (use 'amphora sstable verify' for directories).");
            }

            var result = (await VerifyAllAsync([location], cancellationToken).ConfigureAwait(false)).Single();
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(new { Sstable = result.Prefix, result.Details, Valid = result.IsValid, result.Problems });
            }
            else
            {
                PrintInfo(result);
            }

            return result.IsValid ? CliErrors.Success : CliErrors.ProblemsFound;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<SSTableVerification>> VerifyAllAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var results = new List<SSTableVerification>();
        foreach (var files in LocalSSTables.Find(paths))
        {
            results.Add(await SSTableVerifier.VerifyAsync(files, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static void PrintInfo(SSTableVerification result)
    {
        var d = result.Details;
        var version = new SSTableVersion(d.Version, d.Format);
        var rows = new List<(string, string)>
        {
            ("SSTable", result.Prefix),
            ("Version", $"{d.Version}, format {d.Format} (written by {version.WrittenBy})"),
            ("Generation", d.IdTime is { } created ? $"{d.Id} (UUID id, created {created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'})" : $"{d.Id} (sequence)"),
            ("Components", string.Join(", ", d.Components.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {SizeText.Format(c.Value)}"))),
            ("Size", $"{SizeText.Format(d.TotalSize)} in {d.Components.Count} files; Data.db {SizeText.Format(d.DataSize)}"),
        };
        if (d.Compression is { } c)
        {
            rows.Add(("Compression", string.Create(CultureInfo.InvariantCulture,
                $"{c.Compressor}, {SizeText.Format(c.ChunkLength)} chunks, {c.ChunkCount} chunk(s), {SizeText.Format(c.UncompressedLength)} uncompressed" +
                $"{(c.MaxCompressedLength is { } max ? $", max compressed length {max}" : string.Empty)}" +
                $"{(c.Options.Count > 0 ? ", " + string.Join(", ", c.Options.Select(o => $"{o.Key}={o.Value}")) : string.Empty)}")));
        }
        else if (d.CrcSliceSize is { } slice)
        {
            rows.Add(("Compression", $"none; CRC.db checksums every {SizeText.Format(slice)}"));
        }

        if (d.Statistics is { } s)
        {
            rows.Add(("Timestamps", $"min {Micros(s.MinTimestamp)}, max {Micros(s.MaxTimestamp)}"));
            rows.Add(("Deletion times", $"min {Seconds(s.MinLocalDeletionTime)}, max {Seconds(s.MaxLocalDeletionTime)}"));
            rows.Add(("Commit log", string.Create(CultureInfo.InvariantCulture, $"covered up to segment {s.CommitLogSegmentId}, position {s.CommitLogPosition}")));
        }

        if (d.Digest is { } digest)
        {
            rows.Add(("Digest", $"{version.DigestComponent} = {digest}"));
        }

        rows.Add(("Checks", result.IsValid ? "all passed" : $"{result.Problems.Count} problem(s)"));
        var width = rows.Max(r => r.Item1.Length) + 2;
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"{(name + ":").PadRight(width)}{value}");
        }

        foreach (var problem in result.Problems)
        {
            Console.WriteLine($"  {Path.GetFileName(problem.Component)}: {problem.Check}: {problem.Message}");
        }
    }

    private static string Summary(SSTableDetails d) =>
        $"{d.Version} {d.Format}, {(d.Compression is { } c ? $"{c.Compressor} {c.ChunkCount} chunk(s)" : d.CrcSliceSize is null ? "no chunk index" : "uncompressed")}, " +
        $"Data.db {SizeText.Format(d.DataSize)}";

    /// <summary>Client timestamps are microseconds since the epoch by convention only; show the time when it is one.</summary>
    private static string Micros(long micros)
    {
        var text = micros.ToString(CultureInfo.InvariantCulture);
        return micros is > 0 and < 253_402_300_799_999_999
            ? $"{text} µs ({DateTimeOffset.UnixEpoch.AddTicks(micros * 10).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'})"
            : $"{text} µs";
    }

    private static string Seconds(long? seconds) =>
        seconds is { } value ? $"{value.ToString(CultureInfo.InvariantCulture)} ({DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(value, 0, 253_402_300_799)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})" : "none";
}

using Amphora.Core.Configuration;
using System.Globalization;
using Amphora.Core.Catalog;

namespace Amphora.Cli.Output;

/// <summary>backups check as text: a summary line per category, then one line per problem, incomplete backup and (asked for) orphan.</summary>
public static class CheckReportText
{
    public static void Write(CheckReport report, bool listOrphans)
    {
        ArgumentNullException.ThrowIfNull(report);
        Console.WriteLine($"Checked {report.Location} at {TimeText.Format(report.CheckedAt)}");

        Console.WriteLine($"Node backups: {report.NodeBackups}, {report.Incomplete.Count} incomplete");
        foreach (var part in report.Incomplete)
        {
            Console.WriteLine($"  incomplete: backup {part.Tag} of node {part.HostId:D} (cluster '{part.Cluster}'), started {TimeText.Format(part.StartedAt)}: " +
                "running, or failed and left for purge");
        }

        var hashed = report.HashesVerified
            ? $"SHA-256 checked for {Count(report.HashedObjects)} ({SizeText.Format(report.HashedBytes)})"
            : "sizes only (--no-hash), SHA-256 not checked";
        Console.WriteLine($"Content: {Count(report.ContentObjects)} object(s), {SizeText.Format(report.ContentBytes)}; {hashed}");

        Console.WriteLine($"Problems: {(report.HasProblems ? Count(report.Problems.Count) : "none")}");
        foreach (var problem in report.Problems)
        {
            Console.WriteLine($"  {problem.Message}");
        }

        WriteOrphans(report, listOrphans);
        if (report.OrphanDeletion is { } deletion)
        {
            WriteDeletion(deletion, report.OrphanGrace);
        }
    }

    private static void WriteOrphans(CheckReport report, bool listOrphans)
    {
        if (report.Orphans.Count == 0)
        {
            Console.WriteLine("Orphans: none");
            return;
        }

        var young = report.Orphans.Count(o => o.WithinGrace);
        var summary = $"Orphans: {Count(report.Orphans.Count)} content object(s), {SizeText.Format(report.OrphanBytes)}, no backup references";
        if (young > 0)
        {
            summary += $" ({young} younger than the grace period {DurationText.Format(report.OrphanGrace)})";
        }

        if (report.OrphansMayBeReferenced)
        {
            summary += "; an unreadable manifest may reference some of them";
        }

        if (!listOrphans)
        {
            summary += "; --orphans lists them";
        }

        Console.WriteLine(summary);
        if (!listOrphans)
        {
            return;
        }

        foreach (var orphan in report.Orphans)
        {
            Console.WriteLine($"  {orphan.Key}  {SizeText.Format(orphan.Size)}  {DurationText.Format(orphan.Age)} old{(orphan.WithinGrace ? "  (within the grace period)" : string.Empty)}");
        }
    }

    private static void WriteDeletion(OrphanDeletion deletion, TimeSpan grace)
    {
        if (deletion.RefusedBecause is { } reason)
        {
            Console.WriteLine($"Orphan deletion refused: {reason}");
            return;
        }

        foreach (var orphan in deletion.Deleted)
        {
            Console.WriteLine($"  deleted {orphan.Key}  {SizeText.Format(orphan.Size)}  {DurationText.Format(orphan.Age)} old");
        }

        Console.WriteLine($"Orphan deletion: deleted {Count(deletion.Deleted.Count)} content object(s), {SizeText.Format(deletion.DeletedBytes)}; " +
            $"kept {Count(deletion.KeptWithinGrace.Count)} younger than the grace period {DurationText.Format(grace)}");
    }

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}

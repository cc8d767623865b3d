using System.Globalization;
using Amphora.Core.Restore;

namespace Amphora.Cli.Output;

/// <summary>A point-in-time restore as the operator checks it: base snapshot, incrementals, segments, settings.</summary>
public static class PointInTimePlanText
{
    public static void Print(PointInTimePlan plan, string location)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var chain = plan.Chain;
        Console.WriteLine(plan.PointInTime is { } point
            ? $"Point-in-time restore to {point} ({plan.Precision.ToString().ToUpperInvariant()} timestamps)"
            : "Restore to the latest archived write");
        Console.WriteLine($"Base snapshot: {chain.Snapshot.Tag}, started {chain.Snapshot.StartedAt:u}");
        var incrementalTags = chain.Taken.Select(s => s.Tag).Distinct(StringComparer.Ordinal).ToList();
        Console.WriteLine($"Incremental SSTables: {chain.Taken.Count} taken from {incrementalTags.Count} incremental backup(s) " +
            $"({SizeText.Format(chain.Taken.Sum(s => s.Bytes))}){(incrementalTags.Count > 0 ? ": " + string.Join(", ", incrementalTags) : string.Empty)}");
        foreach (var left in chain.LeftOut)
        {
            Console.WriteLine($"  left out {left.Table.Keyspace}.{left.Table.Table} {left.SSTable.Prefix} ({left.Tag}): {left.Reason}");
        }

        RestorePlanText.Print(plan.Restore, location);
        Console.WriteLine($"Commit log: {plan.Segments.Count} archived segment(s), {SizeText.Format(plan.SegmentBytes)}, staged in {plan.RestoreDirectory}");
        foreach (var segment in plan.Segments)
        {
            Console.WriteLine($"  {segment.Name}  closed {segment.ClosedAt:yyyy-MM-dd HH:mm:ss.fff}Z  {SizeText.Format(segment.Size)}");
        }

        foreach (var name in plan.LocalSegments)
        {
            Console.WriteLine($"  {name}  from the node's commit log directory (not archived)");
        }

        Console.WriteLine($"Settings written to {plan.PropertiesPath}:");
        foreach (var (key, value) in plan.Settings)
        {
            Console.WriteLine($"  {key}={value}");
        }

        if (plan.ReplayList.Count > 0)
        {
            Console.WriteLine($"Replay list (start the node with this JVM option): -Dcassandra.replayList={string.Join(',', plan.ReplayList)}");
        }

        foreach (var warning in plan.Warnings)
        {
            Console.WriteLine($"Note: {warning}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Total to download: {plan.Restore.Files.Count() + plan.Segments.Count} file(s), {SizeText.Format(plan.Restore.Bytes + plan.SegmentBytes)}"));
    }
}

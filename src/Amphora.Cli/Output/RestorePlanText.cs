using Amphora.Core.Restore;

namespace Amphora.Cli.Output;

/// <summary>A restore plan as the operator reads it before saying yes: tables, files, bytes, directories, space, what moves aside.</summary>
public static class RestorePlanText
{
    public static void Print(RestorePlan plan, string location)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var source = plan.Source;
        Console.WriteLine($"Restore plan ({Describe(plan.Mode)}): backup {source.Tag} of node {source.Node.HostId} " +
            $"({source.Node.Datacenter}/{source.Node.Rack}, Cassandra {source.Node.CassandraVersion}) from {location}");
        var table = new TextTable("TABLE", "RESTORED AS", "FILES", "SIZE", "TARGET");
        var shown = plan.Tables.Where(t => t.Files.Count > 0 || plan.MovedAside.Any(m => t.TargetDirectories.Contains(m.Directory))).ToList();
        foreach (var t in shown)
        {
            var targetText = t.TargetDirectories.Count > 0
                ? $"{Path.GetFileName(t.TargetDirectories[0])} in {t.TargetDirectories.Count} data dir(s)"
                : $"{t.StagingDirectories.Count} staging dir(s)";
            table.Add(t.SourceName, t.TargetName, t.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), SizeText.Format(t.Bytes), targetText);
        }

        Console.Write(table);
        if (plan.Tables.Count - shown.Count is > 0 and var hidden)
        {
            Console.WriteLine($"{hidden} table(s) with no SSTables in the backup and none on the node are not shown.");
        }

        Console.WriteLine($"Total: {plan.Tables.Count} table(s), {plan.Files.Count()} file(s), {SizeText.Format(plan.Bytes)}" +
            (plan.AlreadyStagedBytes > 0 ? $"; {SizeText.Format(plan.AlreadyStagedBytes)} already staged by an earlier run (re-checked, not downloaded)" : string.Empty));
        Console.WriteLine($"Staging: {string.Join(", ", plan.StagingRoots)}");
        foreach (var space in plan.Space)
        {
            Console.WriteLine($"Free space on the filesystem of {space.Directory}: {SizeText.Format(space.Available)}, needed {SizeText.Format(space.Needed)}" +
                (space.IsEnough ? string.Empty : "  NOT ENOUGH"));
        }

        foreach (var moved in plan.MovedAside)
        {
            Console.WriteLine($"Moved aside into the rollback folder: {moved.Files} {moved.What} ({SizeText.Format(moved.Bytes)}) from {moved.Directory}");
        }

        if (plan.Mode == RestoreMode.InPlace && plan.MovedAside.Count == 0)
        {
            Console.WriteLine("Moved aside: nothing (the tables' directories and the commit log are empty).");
        }

        foreach (var warning in plan.Warnings)
        {
            Console.WriteLine($"Note: {warning}");
        }
    }

    private static string Describe(RestoreMode mode) => mode switch
    {
        RestoreMode.InPlace => "in place, node stopped",
        RestoreMode.Import => "live import, node running",
        _ => "sstableloader",
    };
}

using System.Text.RegularExpressions;

namespace Amphora.Core.SSTables;

/// <summary>
/// Files in a table or snapshot directory that must never be backed up because they are temporary or describe work in
/// progress (cassandra-on-disk.md section 1, "Never back up these").
/// </summary>
public static partial class BackupExclusions
{
    // Scylla keeps sstables that are being deleted, not yet processed (view building) or found corrupt here.
    private static readonly string[] ScyllaStateDirectories = ["pending_delete", "staging", "quarantine"];

    /// <summary>True if a path relative to a table or snapshot directory ('/'-separated) must not be backed up.</summary>
    public static bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split('/');
        var fileName = segments[^1];
        var directories = segments[..^1];

        return (directories.Length > 0 && ScyllaStateDirectories.Contains(directories[0], StringComparer.Ordinal))

            // Scylla writes a new sstable inside a "<generation>.sstable" directory and moves it out when complete.
            || directories.Any(directory => directory.EndsWith(".sstable", StringComparison.Ordinal))

            // While a transaction log exists the sstables it names are in flux (Cassandra LogFile).
            || TransactionLogPattern().IsMatch(fileName)

            // 2.1 and older wrote unfinished sstables under "tmp-"/"tmplink-" names.
            || LegacyTemporaryPattern().IsMatch(fileName)

            // Metadata rewrites (Statistics.db.tmp), streaming ("...-Data.db.<timeuuid>.tmp") and Scylla's TOC.txt.tmp,
            // which marks an sstable that is incomplete or being deleted.
            || fileName.EndsWith(".tmp", StringComparison.Ordinal);
    }

    /// <summary>
    /// True for legacy (2.x) system.compactions_in_progress: node-local bookkeeping of unfinished compactions, which a
    /// node acts on at startup, so a stale copy must never come back.
    /// </summary>
    public static bool IsExcludedTable(string keyspace, string table) =>
        string.Equals(keyspace, "system", StringComparison.Ordinal) && string.Equals(table, "compactions_in_progress", StringComparison.Ordinal);

    [GeneratedRegex(@"^(.{2})_txn_(.*)_(.*)\.log$")]
    private static partial Regex TransactionLogPattern();

    // Cassandra's LEGACY_TMP_REGEX.
    [GeneratedRegex(@"^((.*)\-(.*)\-)?tmp(link)?\-((?:l|k).)\-([0-9])*\-(.*)$")]
    private static partial Regex LegacyTemporaryPattern();
}

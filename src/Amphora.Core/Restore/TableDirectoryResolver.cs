namespace Amphora.Core.Restore;

/// <summary>
/// Which <c>&lt;table&gt;-&lt;id&gt;</c> directory of a node holds a table now. A stopped node cannot be asked for its schema,
/// but its data directories tell: a table dropped and re-created leaves its old directory beside the new one, and table ids
/// are time-based UUIDs, so the newest id is the live table.
/// </summary>
public static class TableDirectoryResolver
{
    public static (string DirectoryName, string? Note) Resolve(IReadOnlyList<string> dataDirectories, string keyspace, string table, string? backupTableId)
    {
        ArgumentNullException.ThrowIfNull(dataDirectories);
        var candidates = dataDirectories
            .Select(d => Path.Combine(d, keyspace))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(path => Backup.TableDirectory.TryParse(keyspace, Path.GetFileName(path), 0, path))
            .Where(d => d is { TableId: not null } && d.Table == table)
            .Select(d => (Name: Path.GetFileName(d!.Path), Id: Guid.ParseExact(d.TableId!, "N")))
            .DistinctBy(c => c.Name)
            .ToList();
        switch (candidates.Count)
        {
            case 0:
                var created = backupTableId is null ? table : $"{table}-{backupTableId}";
                return (created, $"no directory for {keyspace}.{table} on the node: {created} is created with the backup's table id; the node loads it only if its schema has that id (see 'amphora restore schema')");
            case 1:
                return (candidates[0].Name, null);
            default:
                if (candidates.Any(c => c.Id.Version != 1))
                {
                    throw new ArgumentException(
                        $"{keyspace}.{table} has several directories ({string.Join(", ", candidates.Select(c => c.Name))}) and their ids are not time-based, " +
                        "so the live one cannot be told apart; move the stale ones out of the data directories and run the restore again.");
                }

                var newest = candidates.MaxBy(c => TimeUuidTicks(c.Id));
                return (newest.Name, $"{keyspace}.{table} has {candidates.Count} directories (dropped and re-created); using the newest table id, {newest.Name}");
        }
    }

    /// <summary>The 60-bit timestamp of a version-1 UUID (time_hi, time_mid, time_low).</summary>
    private static long TimeUuidTicks(Guid id)
    {
        var hex = id.ToString("N");
        return Convert.ToInt64(hex[13..16] + hex[8..12] + hex[..8], 16);
    }
}

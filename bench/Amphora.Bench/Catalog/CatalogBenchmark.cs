using System.Globalization;
using System.Text.Json;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Bench.Catalog;

/// <summary>
/// Generates a repository of <c>backups</c> cluster backups of <c>nodes</c> nodes, then runs <c>amphora backups list</c>
/// and a purge of the <c>purged</c> oldest backups as real processes, and checks what the purge left: the newer backups,
/// exactly the content they reference, and a clean <c>backups check --no-hash</c>.
/// </summary>
public static class CatalogBenchmark
{
    public static async Task<CatalogResult> RunAsync(AmphoraCli cli, string workDirectory, int backups, int nodes, int purged, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentOutOfRangeException.ThrowIfLessThan(purged, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(purged, backups);
        var directory = Path.Combine(workDirectory, "catalog-repository");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var generated = await RepositoryGenerator.GenerateAsync(directory, backups, nodes, ct).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"catalog: generated {backups} backups of {nodes} nodes ({generated.NodeBackups} node backups) in {generated.Elapsed.TotalSeconds:F1} s"));
        var store = StorageLocation.Open(generated.Location);
        var contentBefore = await CountContentAsync(store, ct).ConfigureAwait(false);

        var list = await cli.RunCheckedAsync(["backups", "list", "--location", generated.Location, "--output", "json"], ct).ConfigureAwait(false);
        ExpectListed(list, generated.TagsOldestFirst, nodes);

        // --keep-last counts per node, so keeping backups - purged removes exactly the purged oldest of every node.
        var purge = await cli.RunCheckedAsync(
            ["purge", "--location", generated.Location, "--keep-last", (backups - purged).ToString(CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);

        var remaining = await cli.RunCheckedAsync(["backups", "list", "--location", generated.Location, "--output", "json"], ct).ConfigureAwait(false);
        ExpectListed(remaining, generated.TagsOldestFirst.Skip(purged).ToList(), nodes);
        var contentAfter = await ExpectContentAsync(store, generated.ContentReferencedFrom(purged), ct).ConfigureAwait(false);
        var check = await cli.RunCheckedAsync(["backups", "check", "--location", generated.Location, "--no-hash"], ct).ConfigureAwait(false);

        return new CatalogResult(
            BackupsBefore: backups,
            BackupsAfter: backups - purged,
            NodeBackups: generated.NodeBackups,
            NodeBackupsPurged: purged * nodes,
            ContentObjectsBefore: contentBefore,
            ContentObjectsAfter: contentAfter,
            ListSeconds: list.Seconds,
            ListPeakRssBytes: list.PeakRssBytes,
            PurgeSeconds: purge.Seconds,
            PurgePeakRssBytes: purge.PeakRssBytes,
            CheckSeconds: check.Seconds,
            GenerationSeconds: generated.Elapsed.TotalSeconds);
    }

    /// <summary>The list shows exactly these tags, each complete with every node.</summary>
    private static void ExpectListed(MeasuredRun list, IReadOnlyCollection<string> tags, int nodes)
    {
        using var json = JsonDocument.Parse(list.Output);
        var listed = json.RootElement.EnumerateArray().ToList();
        var wrong = listed.Where(b => !b.GetProperty("is_complete").GetBoolean() || b.GetProperty("nodes").GetArrayLength() != nodes).Select(b => b.GetProperty("tag").GetString()).ToList();
        var listedTags = listed.Select(b => b.GetProperty("tag").GetString()).ToHashSet(StringComparer.Ordinal);
        if (listed.Count != tags.Count || !listedTags.SetEquals(tags) || wrong.Count > 0)
        {
            throw new InvalidOperationException(
                $"'{list.CommandLine}' listed {listed.Count} backups, expected {tags.Count}; not complete with {nodes} nodes: {string.Join(", ", wrong.Take(5))}");
        }
    }

    /// <summary>Exactly the content the remaining backups reference is left: the purged backups' own content is gone, shared content stays.</summary>
    private static async Task<int> ExpectContentAsync(IObjectStore store, HashSet<string> referenced, CancellationToken ct)
    {
        var left = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(RepositoryKeys.ContentPrefix, ct).ConfigureAwait(false))
        {
            left.Add(info.Key);
        }

        if (!left.SetEquals(referenced))
        {
            throw new InvalidOperationException(
                $"after the purge the location holds {left.Count} content objects; the remaining backups reference {referenced.Count}: " +
                $"{left.Except(referenced).Count()} should have gone, {referenced.Except(left).Count()} are missing");
        }

        return left.Count;
    }

    private static async Task<int> CountContentAsync(IObjectStore store, CancellationToken ct)
    {
        var count = 0;
        await foreach (var unused in store.ListAsync(RepositoryKeys.ContentPrefix, ct).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}

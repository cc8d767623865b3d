using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amphora.Core.Backup;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Bench.Catalog;

/// <summary>
/// Writes a local-disk repository of <c>backups</c> cluster backups of <c>nodes</c> nodes through Amphora.Core's public API,
/// each node backup exactly as <see cref="NodeBackupRecord"/> writes one: started marker, the content the location lacks,
/// manifest, complete marker. Backups are an hour apart and all in the past; node backups are written many at once, since
/// every put fsyncs twice. No repository lock is taken: nothing else uses the location while it is generated.
/// </summary>
public static class RepositoryGenerator
{
    public const string Cluster = "Bench Cluster";

    private const int Parallelism = 12;

    private static readonly IReadOnlyList<string> DataDirectories = ["/var/lib/cassandra/data"];

    public static async Task<GeneratedRepository> GenerateAsync(string directory, int backups, int nodes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(backups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var clock = Stopwatch.StartNew();
        var location = $"file:{Path.GetFullPath(directory)}";
        var repository = await BackupRepository.OpenAsync(StorageLocation.Open(location), create: true, cancellationToken).ConfigureAwait(false);
        var histories = Enumerable.Range(0, nodes).Select(n => new SyntheticNodeHistory(n)).ToList();

        // Hourly, the newest an hour and more ago; milliseconds dropped, as the index markers' keys drop them.
        var now = DateTimeOffset.UtcNow;
        var firstStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-backups - 1);
        var starts = Enumerable.Range(0, backups).Select(k => firstStart.AddHours(k)).ToList();
        var tags = starts.Select(BackupTag.Default).ToList();

        // Backup-major order, so a node's content is normally first uploaded by the backup that introduces it.
        var work = Enumerable.Range(0, backups).SelectMany(k => histories.Select(h => (Backup: k, Node: h)));
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, token) => await WriteNodeBackupAsync(repository, item.Node, tags[item.Backup], item.Backup, starts[item.Backup], token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return new GeneratedRepository(location, Cluster, tags, histories, clock.Elapsed);
    }

    private static async Task WriteNodeBackupAsync(
        BackupRepository repository, SyntheticNodeHistory node, string tag, int backup, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        // Nodes start a few seconds apart and take a few minutes, so every node backup has its own times.
        startedAt = startedAt.AddSeconds(node.Node * 3);
        var finishedAt = startedAt.AddMinutes(4 + node.Node).AddMilliseconds((backup * 37) % 1000);
        var markerBody = new BackupMarkerBody
        {
            Cluster = Cluster,
            Tag = tag,
            Kind = BackupKind.Snapshot,
            HostId = node.HostId,
            Datacenter = "dc1",
            Rack = $"rack{(node.Node % 3) + 1}",
            Hostname = $"cass-{node.Node}",
            StartedAt = startedAt,
        };
        await repository.WriteStartedMarkerAsync(markerBody, cancellationToken).ConfigureAwait(false);

        var tables = new List<TableEntry>();
        long uploadedBytes = 0;
        for (var table = 0; table < SyntheticNodeHistory.Tables.Count; table++)
        {
            var files = new List<FileEntry>();
            foreach (var file in node.Files(table, backup))
            {
                var hash = ContentHash.FromBytes(SHA256.HashData(file.Bytes));
                if (!await repository.HasContentAsync(hash, file.Bytes.Length, cancellationToken).ConfigureAwait(false))
                {
                    await repository.PutContentAsync(hash, UploadSource.FromBytes(file.Bytes), cancellationToken).ConfigureAwait(false);
                    uploadedBytes += file.Bytes.Length;
                }

                var generation = file.Generation.ToString(CultureInfo.InvariantCulture);
                files.Add(new FileEntry
                {
                    Path = file.Path,
                    DataDirectory = 0,
                    Size = file.Bytes.Length,
                    Hash = hash.Hex,
                    SSTable = new SSTableEntry { Version = "nb", Id = generation, Format = "big", Component = file.Component },
                });
            }

            var name = SyntheticNodeHistory.Tables[table];
            tables.Add(new TableEntry
            {
                Keyspace = SyntheticNodeHistory.Keyspace,
                Table = name,
                TableId = SyntheticNodeHistory.TableId(name),
                Schema = $"CREATE TABLE IF NOT EXISTS {SyntheticNodeHistory.Keyspace}.{name} (id uuid PRIMARY KEY, body text);",
                Files = [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)],
                SSTables = [.. SyntheticNodeHistory.Generations(table, backup).Select(g => SSTable(g, startedAt))],
            });
        }

        var manifest = new NodeManifest
        {
            Tag = tag,
            Kind = BackupKind.Snapshot,
            SnapshotName = BackupTag.SnapshotPrefix + tag,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Node = new NodeEntry
            {
                Cluster = Cluster,
                Datacenter = markerBody.Datacenter,
                Rack = markerBody.Rack,
                HostId = node.HostId,
                Hostname = markerBody.Hostname,
                Tokens = [.. Enumerable.Range(0, 16).Select(i => (((long)i * 1_152_921_504_606_846_976L) + (node.Node * 1_000_003L)).ToString(CultureInfo.InvariantCulture))],
                CassandraVersion = "4.1.5",
                DataDirectories = DataDirectories,
            },
            Tables = tables,
        };
        await repository.WriteManifestAsync(manifest, cancellationToken).ConfigureAwait(false);

        var fileCount = tables.Sum(t => t.Files.Count);
        var totalBytes = manifest.Files.Sum(f => f.Size);
        await repository.WriteMarkerAsync(
            BackupMarker.CompleteKey(Cluster, tag, node.HostId, finishedAt, fileCount, totalBytes, uploadedBytes),
            markerBody with { FinishedAt = finishedAt, Files = fileCount, Bytes = totalBytes, NewBytes = uploadedBytes },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An SSTable whose cells were written in the hours before the backup.</summary>
    private static SSTableSummary SSTable(int generation, DateTimeOffset backupStart)
    {
        var maxMicros = backupStart.ToUnixTimeMilliseconds() * 1000;
        return new SSTableSummary
        {
            Prefix = $"nb-{generation}-big-",
            Version = "nb",
            Id = generation.ToString(CultureInfo.InvariantCulture),
            Format = "big",
            TimeBounds = new SSTableTimeBounds { MinTimestamp = maxMicros - 3_600_000_000L, MaxTimestamp = maxMicros },
        };
    }
}

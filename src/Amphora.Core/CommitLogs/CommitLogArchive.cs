using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// The archived commit log segments of a location, as a point-in-time restore reads them. Records come from the location
/// and are not trusted: one that does not match its key or holds impossible values is refused, naming the key.
/// </summary>
public sealed class CommitLogArchive(IObjectStore store)
{
    /// <summary>Cassandra refuses commitlog_segment_size of 2 GiB or more.</summary>
    public const long MaxSegmentBytes = 2L << 30;

    private const int ParallelReads = 8;

    /// <summary>The node's archived segments, ordered by segment id.</summary>
    public Task<IReadOnlyList<ArchivedSegment>> ListAsync(string cluster, Guid hostId, CancellationToken cancellationToken) =>
        ReadAllAsync(CommitLogKeys.NodePrefix(cluster, hostId), cancellationToken);

    /// <summary>Every archived segment of every cluster and node, ordered by cluster, host id, then segment id.</summary>
    public Task<IReadOnlyList<ArchivedSegment>> ListAllAsync(CancellationToken cancellationToken) =>
        ReadAllAsync(CommitLogKeys.Prefix, cancellationToken);

    /// <summary>The record under the key, checked; null when there is none.</summary>
    public async Task<ArchivedSegment?> ReadAsync(string recordKey, CancellationToken cancellationToken)
    {
        var record = await RepositoryJson.ReadAsync<CommitLogSegmentRecord>(store, recordKey, compressed: false, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Validate(record, recordKey);
    }

    /// <summary>
    /// Streams the segment to <paramref name="destinationPath"/><c>.partial</c>, checks its size and SHA-256 against the
    /// record, then renames it into place; on a mismatch the partial file is deleted and <see cref="InvalidDataException"/> thrown.
    /// </summary>
    public async Task DownloadAsync(ArchivedSegment segment, string destinationPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(destinationPath);
        var partial = destinationPath + ".partial";
        try
        {
            var source = new HashingReadStream(await store.OpenReadAsync(segment.Key, cancellationToken).ConfigureAwait(false));
            await using (source.ConfigureAwait(false))
            {
                var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
                await using (target.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 20];
                    int read;

                    // Stops at the first byte past the recorded size: an object that is too long is not copied whole.
                    while (source.BytesRead <= segment.Size && (read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }

                    if (source.BytesRead != segment.Size || source.Hash?.Hex != segment.Sha256)
                    {
                        throw new InvalidDataException(
                            $"{segment.Key} does not hold the archived segment: {source.BytesRead} bytes, SHA-256 {source.Hash?.Hex ?? "unknown"}; " +
                            $"its record says {segment.Size} bytes, {segment.Sha256}. The object was altered or damaged in the location.");
                    }

                    await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                    target.Flush(flushToDisk: true);
                }
            }

            File.Move(partial, destinationPath, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private async Task<IReadOnlyList<ArchivedSegment>> ReadAllAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (CommitLogKeys.TryParseRecord(info.Key, out _, out _, out _))
            {
                keys.Add(info.Key);
            }
        }

        var segments = new ArchivedSegment?[keys.Count];
        await Parallel.ForAsync(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, token) => segments[i] = await ReadAsync(keys[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. segments.OfType<ArchivedSegment>()
            .OrderBy(s => s.Cluster, StringComparer.Ordinal).ThenBy(s => s.HostId).ThenBy(s => s.SegmentId)];
    }

    private static ArchivedSegment Validate(CommitLogSegmentRecord record, string key)
    {
        if (!CommitLogKeys.TryParseRecord(key, out var cluster, out var hostId, out var fileName))
        {
            throw new InvalidDataException($"{key} is not the key of a commit log segment record.");
        }

        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new InvalidDataException($"{key} is not a valid commit log segment record: {problem}. Restore would not trust it; remove or repair it.");
            }
        }

        Require(record.Format == CommitLogSegmentRecord.FormatName, $"its format is '{record.Format}', not '{CommitLogSegmentRecord.FormatName}'");
        Require(record.FormatVersion is >= 1 and <= CommitLogSegmentRecord.CurrentVersion,
            $"its format_version {record.FormatVersion} is not one this Amphora reads (up to {CommitLogSegmentRecord.CurrentVersion}); upgrade Amphora");
        var name = CommitLogSegmentName.TryParse(record.Name);
        Require(name is not null, $"its name '{record.Name}' is not a commit log segment name (CommitLog-<version>-<id>.log)");
        Require(record.Name == fileName, $"its name '{record.Name}' differs from its key's '{fileName}'");
        Require(record.CommitLogVersion == name!.Version && record.SegmentId == name.Id,
            $"its commitlog_version {record.CommitLogVersion} and segment_id {record.SegmentId} differ from its name's");
        Require(record.HostId == hostId, $"its host_id {record.HostId} differs from its key's {hostId}");
        Require(record.Cluster == cluster, $"its cluster '{record.Cluster}' differs from its key's '{cluster}'");
        Require(record.Size is >= 0 and <= MaxSegmentBytes, $"its size {record.Size} is not a segment's (0 to {MaxSegmentBytes} bytes)");
        Require(ContentHash.TryParse(record.Sha256, out _), $"its sha256 '{record.Sha256}' is not 64 lowercase hex digits");
        return new ArchivedSegment(cluster, hostId, record.Name, name.Version, name.Id, record.Size, record.Sha256,
            record.ClosedAt, record.UploadedAt, key[..^CommitLogKeys.RecordSuffix.Length]);
    }
}

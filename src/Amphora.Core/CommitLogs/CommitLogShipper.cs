using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// Uploads the spooled segments of one node, oldest id first: the bytes, then (once they are durable) the record that
/// makes the segment archived, then removes the spool link. A segment whose upload fails stays spooled for the next
/// pass; one whose name the location already holds with other bytes is never overwritten.
/// </summary>
public sealed class CommitLogShipper(SegmentSpool spool, IObjectStore store, SpooledNodeIdentity node)
{
    private readonly CommitLogArchive _archive = new(store);

    /// <summary>One pass over what the spool holds now; storage and file failures throw, leaving the rest spooled.</summary>
    public async Task<ShipReport> ShipAsync(CancellationToken cancellationToken)
    {
        var report = new ShipReport();
        var (segments, foreign) = spool.List();
        report.Foreign.AddRange(foreign);
        foreach (var name in segments)
        {
            await ShipAsync(name, report, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    private async Task ShipAsync(CommitLogSegmentName name, ShipReport report, CancellationToken cancellationToken)
    {
        var path = spool.PathOf(name.FileName);
        FileIdentity file;
        try
        {
            file = FileIdentity.Of(path);
        }
        catch (FileNotFoundException)
        {
            return; // Another ship took it meanwhile.
        }

        var (hash, _) = await HashingReadStream.HashAsync(OpenSegment(path), null, cancellationToken).ConfigureAwait(false);
        var recordKey = CommitLogKeys.Record(node.Cluster, node.HostId, name);
        if (await SettleWithExistingAsync(recordKey, name, path, hash, file.Size, report, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await store.PutAsync(CommitLogKeys.Segment(node.Cluster, node.HostId, name), UploadSource.FromStream(file.Size, () => VerifiedOpen(path, hash, file.Size)),
            cancellationToken).ConfigureAwait(false);
        var record = new CommitLogSegmentRecord
        {
            Cluster = node.Cluster,
            HostId = node.HostId,
            Datacenter = node.Datacenter,
            Rack = node.Rack,
            Hostname = Environment.MachineName,
            Name = name.FileName,
            CommitLogVersion = name.Version,
            SegmentId = name.Id,
            Size = file.Size,
            Sha256 = hash.Hex,
            ClosedAt = DateTimeOffset.UnixEpoch.AddTicks(file.ModifiedNanoseconds / 100),
            UploadedAt = DateTimeOffset.UtcNow,
        };
        if (await RepositoryJson.PutIfAbsentAsync(store, recordKey, record, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(path);
            report.Shipped.Add((name.FileName, file.Size));
            return;
        }

        // Another ship recorded the name between our look and our write: its record stands, compared like any other.
        await SettleWithExistingAsync(recordKey, name, path, hash, file.Size, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When the location already has a record under the key: unlinks the spooled segment if it holds the same bytes, else
    /// (other bytes, or a record that does not read) reports a conflict and keeps it. False when there is no record.
    /// </summary>
    private async Task<bool> SettleWithExistingAsync(
        string recordKey, CommitLogSegmentName name, string path, ContentHash hash, long size, ShipReport report, CancellationToken cancellationToken)
    {
        ArchivedSegment? existing;
        try
        {
            existing = await _archive.ReadAsync(recordKey, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            report.Conflicts.Add((name.FileName, $"{e.Message} {path} was kept."));
            return true;
        }

        if (existing is null)
        {
            return false;
        }

        if (existing.Sha256 != hash.Hex || existing.Size != size)
        {
            report.Conflicts.Add((name.FileName,
                $"{existing.Key} already holds a different segment ({existing.Size} bytes, SHA-256 {existing.Sha256}; the spooled one has {size} bytes, {hash.Hex}). " +
                $"It was not overwritten and {path} was kept: find out which node or cluster wrote it before removing either."));
            return true;
        }

        File.Delete(path);
        report.AlreadyArchived.Add(name.FileName);
        return true;
    }

    private static FileStream OpenSegment(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    /// <summary>Every read for upload (a retried put reads again) is checked, at its end, against the hash the record will carry.</summary>
    private static HashingReadStream VerifiedOpen(string path, ContentHash expected, long expectedSize) =>
        new(OpenSegment(path), ended: read =>
        {
            if (read.BytesRead != expectedSize || read.Hash != expected)
            {
                throw new IOException(
                    $"{path} changed while it was being shipped ({read.BytesRead} bytes, SHA-256 {read.Hash!.Value.Hex}; expected {expectedSize} bytes, {expected.Hex}). " +
                    "Finished commit log segments never change: something wrote to the spooled link. Nothing was recorded; look at the file before shipping again.");
            }
        });
}

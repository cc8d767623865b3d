using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.S3;

/// <summary>
/// One put of a large object as an S3 multipart upload that the next put of the key resumes if this one fails or the
/// process dies: a journal object records the upload and every part the server confirmed, and a later put sends only
/// the parts the journal does not list with the same size and MD5. Nothing is aborted when the put fails; a completed
/// put leaves neither parts nor journal behind.
/// </summary>
internal sealed class S3MultipartUpload(
    S3Bucket bucket, S3Failures failures, string key, string name, string journalName, TransferStatistics statistics)
{
    /// <summary>Stores the source as the object; false (nothing stored) when <paramref name="onlyIfAbsent"/> and one exists.</summary>
    public async Task<bool> RunAsync(UploadSource source, PartLayout layout, TransferTuning tuning, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var journal = await bucket.ReadSmallAsync(journalName, cancellationToken).ConfigureAwait(false) is { } json
            ? S3UploadJournal.Parse(json)
            : null;
        if (journal is not null && !Fits(journal, layout))
        {
            // An upload of this key cut differently (other part sizes): its parts are of no use.
            if (journal.UploadId is not null)
            {
                await bucket.AbortUploadAsync(name, journal.UploadId, cancellationToken).ConfigureAwait(false);
            }

            journal = null;
        }

        try
        {
            return await UploadAsync(source, layout, tuning, onlyIfAbsent, journal, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (journal is not null && e.InnerException is AmazonS3Exception { ErrorCode: "NoSuchUpload" })
        {
            // The journal's upload was completed or aborted since (a lifecycle rule, a put killed before it cleaned up).
            return await UploadAsync(source, layout, tuning, onlyIfAbsent, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool Fits(S3UploadJournal journal, PartLayout layout) =>
        journal is { UploadId: not null, Parts: not null } && journal.Key == key && journal.Length == layout.Length && journal.PartSize == layout.PartSize;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "S3 multipart ETags are MD5s of the parts' MD5s.")]
    private static string CompositeETag(IEnumerable<S3UploadJournal.StoredPart> parts)
    {
        var md5s = parts.SelectMany(part => Convert.FromBase64String(part.Md5)).ToArray();
        return $"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{parts.Count()}";
    }

    private async Task<bool> UploadAsync(
        UploadSource source, PartLayout layout, TransferTuning tuning, bool onlyIfAbsent, S3UploadJournal? earlier, CancellationToken cancellationToken)
    {
        var uploadId = earlier?.UploadId ?? await bucket.StartUploadAsync(name, cancellationToken).ConfigureAwait(false);
        var reusable = earlier?.Parts.ToDictionary(part => part.Number) ?? [];
        var stored = new ConcurrentDictionary<int, S3UploadJournal.StoredPart>();
        using var journalWrites = new SemaphoreSlim(1);

        async Task SaveJournalAsync(CancellationToken token)
        {
            await journalWrites.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var journal = new S3UploadJournal(key, uploadId, layout.Length, layout.PartSize, [.. stored.Values.OrderBy(part => part.Number)]);
                await bucket.PutAsync(journalName, new Part(1, 0, journal.ToJson()), onlyIfAbsent: false, ownMetadata: true, token).ConfigureAwait(false);
            }
            finally
            {
                journalWrites.Release();
            }
        }

        async Task SendAsync(Part part, CancellationToken token)
        {
            var md5 = part.Md5();
            var md5Text = Convert.ToBase64String(md5);
            if (reusable.TryGetValue(part.Number, out var done) && done.Size == part.Size && done.Md5 == md5Text)
            {
                stored[part.Number] = done;
                statistics.Resumed();
                return;
            }

            var etag = await bucket.UploadPartAsync(name, uploadId, part, md5, token).ConfigureAwait(false);
            statistics.Sent(part.Size);
            stored[part.Number] = new S3UploadJournal.StoredPart(part.Number, part.Size, md5Text, etag);
            await SaveJournalAsync(token).ConfigureAwait(false);
        }

        if (earlier is null)
        {
            // Recorded before any part goes up, so that even a put killed at once leaves its upload findable.
            await SaveJournalAsync(cancellationToken).ConfigureAwait(false);
        }

        await PartPump.RunAsync(source, layout, tuning.Memory, tuning.PartParallelism, SendAsync, cancellationToken).ConfigureAwait(false);

        var parts = stored.Values.OrderBy(part => part.Number).ToList();
        var etag = await bucket.CompleteUploadAsync(name, uploadId, parts.Select(part => new PartETag(part.Number, part.ETag)), onlyIfAbsent, cancellationToken)
            .ConfigureAwait(false);
        if (etag is null)
        {
            // Another writer created the object first: this upload is not needed.
            await bucket.AbortUploadAsync(name, uploadId, cancellationToken).ConfigureAwait(false);
            await bucket.DeleteAsync(journalName, cancellationToken).ConfigureAwait(false);
            return false;
        }

        await bucket.DeleteAsync(journalName, cancellationToken).ConfigureAwait(false);
        await ExpectCompositeETagAsync(etag.Trim('"'), parts, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ExpectCompositeETagAsync(string etag, List<S3UploadJournal.StoredPart> parts, CancellationToken cancellationToken)
    {
        // S3 names a multipart object by the MD5 of its parts' MD5s and their count. Other forms (s3rver answers the MD5 of
        // the whole object; SSE-KMS and SSE-C ETags are no MD5) cannot be checked against the parts.
        if (!bucket.ETagsAreMd5 || !etag.Contains('-', StringComparison.Ordinal))
        {
            return;
        }

        var expected = CompositeETag(parts);
        if (!string.Equals(etag, expected, StringComparison.OrdinalIgnoreCase))
        {
            // What the server assembled is not what was sent: a reader must not find it under this key.
            await bucket.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            throw failures.Fail(
                "s3:CompleteMultipartUpload", $"object {key}", $"the server assembled ETag {etag}, not the {expected} of the parts sent",
                "the object was deleted; try the put again", transient: true);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.Gcs;

/// <summary>
/// One put of a multi-part object through a GCS resumable upload session: the parts go up in order as chunks of the session.
/// The session's address is kept in the small object <c>.amphora-uploads/&lt;sha256 of key&gt;</c>, so a put of the same key
/// after a failure or a kill asks GCS how much it holds and sends only the rest. The last chunk carries the object's CRC32C
/// and MD5, which GCS checks before it creates the object.
/// </summary>
internal sealed class GcsResumableUpload(GcsObjectStore store, GcsClient client, string key, string name, PartLayout layout, bool ifAbsent)
{
    /// <summary>Chunks other than the last must be multiples of this.</summary>
    public const int ChunkGranularity = 256 * 1024;

    private const int ResumeIncomplete = 308;
    private readonly string _recordName = store.ReservedName(".amphora-uploads/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    private Crc32C _crc32c = new();
    private Uri? _session;
    private long _persisted;
    private bool _stored = true;

    public async Task<bool> RunAsync(UploadSource content, TransferTuning tuning, CancellationToken cancellationToken)
    {
        await ResumeOrStartAsync(cancellationToken).ConfigureAwait(false);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        // One part at a time: a session takes its bytes in order.
        await PartPump.RunAsync(content, layout, tuning.Memory, 1, async (part, token) =>
        {
            _crc32c.Append(part.Bytes.Span);
            md5.AppendData(part.Bytes.Span);
            var end = part.Offset + part.Size;
            if (end <= _persisted)
            {
                store.Statistics.Resumed();
                return;
            }

            var isLast = part.Number == layout.PartCount;
            var hashes = isLast ? $"crc32c={_crc32c.ToBase64()},md5={Convert.ToBase64String(md5.GetCurrentHash())}" : null;
            await SendChunkAsync(part, hashes, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        // Stored or refused by the precondition, the session is over: drop its record.
        await store.DeleteNameAsync(_recordName, key, cancellationToken).ConfigureAwait(false);
        return _stored;
    }

    private async Task SendChunkAsync(Part part, string? hashes, CancellationToken cancellationToken)
    {
        var end = part.Offset + part.Size;
        var sent = 0L;
        // GCS may keep less of a chunk than it was sent (a multiple of 256 KiB): send the rest until it holds the part.
        while (_persisted < end)
        {
            var from = Math.Max(_persisted, part.Offset);
            var bytes = part.Bytes[(int)(from - part.Offset)..];
            using var request = new HttpRequestMessage(HttpMethod.Put, _session) { Content = new ReadOnlyMemoryContent(bytes) };
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, end - 1, layout.Length);
            if (hashes is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Goog-Hash", hashes);
            }

            using var response = await client.SendAsync(
                request, key, GcsErrors.Operation.Store, [HttpStatusCode.OK, HttpStatusCode.Created, (HttpStatusCode)ResumeIncomplete, HttpStatusCode.PreconditionFailed],
                cancellationToken).ConfigureAwait(false);
            sent += bytes.Length;
            if ((int)response.StatusCode == ResumeIncomplete)
            {
                var persisted = PersistedOf(response);
                if (persisted <= from && end < layout.Length)
                {
                    throw new StorageException($"cannot store {key} in {client.Location}: the upload session kept none of a chunk of {bytes.Length} bytes (retrying may succeed)", null, isTransient: true);
                }

                _persisted = persisted;
                continue;
            }

            if (end != layout.Length)
            {
                // Servers that finish an object at every PUT (the Firebase Storage emulator) cannot take objects in parts.
                throw new StorageException($"cannot store {key} in {client.Location}: the service completed the upload after {end} of {layout.Length} bytes; it does not support resumable uploads in chunks", null);
            }

            _persisted = end;
            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                _stored = false;
                return;
            }

            using var json = await client.ReadJsonAsync(response, key, GcsErrors.Operation.Store, cancellationToken).ConfigureAwait(false);
            store.VerifyStored(GcsObjectResource.Parse(json.RootElement), key, layout.Length, _crc32c.ToBase64(), hashes!.Split(",md5=")[1]);
        }

        store.Statistics.Sent(sent);
    }

    private async Task ResumeOrStartAsync(CancellationToken cancellationToken)
    {
        if (await ReadRecordAsync(cancellationToken).ConfigureAwait(false) is { } session)
        {
            // Ask the session how much it holds: "Content-Range: bytes */LENGTH" with no body.
            using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent([]) };
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(layout.Length);
            using var response = await client.SendAsync(
                request, key, GcsErrors.Operation.Store, [(HttpStatusCode)ResumeIncomplete, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NotFound, HttpStatusCode.Gone, HttpStatusCode.PreconditionFailed],
                cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode == ResumeIncomplete)
            {
                _session = session;
                _persisted = PersistedOf(response);
                return;
            }

            // Expired (a week), cancelled, or already finished by a put killed before it dropped the record: start over.
        }

        _session = await StartSessionAsync(cancellationToken).ConfigureAwait(false);
        _persisted = 0;
        var record = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["session"] = _session.AbsoluteUri,
            ["length"] = layout.Length,
            ["partSize"] = layout.PartSize,
            ["ifAbsent"] = ifAbsent,
        });
        await store.UploadSingleAsync(_recordName, key, record, ifAbsent: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Uri> StartSessionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, client.UploadUri("resumable", ifAbsent))
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = name }), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Upload-Content-Length", layout.Length.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Upload-Content-Type", "application/octet-stream");
        using var response = await client.SendAsync(request, key, GcsErrors.Operation.Store, [HttpStatusCode.OK, HttpStatusCode.Created], cancellationToken).ConfigureAwait(false);
        return response.Headers.Location
            ?? throw new StorageException($"cannot store {key} in {client.Location}: the service started an upload session but gave no session address", null, isTransient: true);
    }

    /// <summary>The session of an interrupted put of this same object (same length, parts and precondition), if any.</summary>
    private async Task<Uri?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, client.ObjectUri(_recordName, "alt=media"));
        using var response = await client.SendAsync(request, key, GcsErrors.Operation.Read, [HttpStatusCode.OK, HttpStatusCode.NotFound], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        try
        {
            using var json = await client.ReadJsonAsync(response, key, GcsErrors.Operation.Read, cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            var matches = root.GetProperty("length").GetInt64() == layout.Length
                && root.GetProperty("partSize").GetInt32() == layout.PartSize
                && root.GetProperty("ifAbsent").GetBoolean() == ifAbsent;
            return matches && Uri.TryCreate(root.GetProperty("session").GetString(), UriKind.Absolute, out var session) ? session : null;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A record this version cannot read is replaced by a new session.
            return null;
        }
    }

    /// <summary>How many bytes a session holds, from its 308 reply's "Range: bytes=0-N" (none: nothing yet).</summary>
    private static long PersistedOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) && values.FirstOrDefault() is { } range && range.StartsWith("bytes=0-", StringComparison.Ordinal)
            ? long.Parse(range["bytes=0-".Length..], CultureInfo.InvariantCulture) + 1
            : 0;
}

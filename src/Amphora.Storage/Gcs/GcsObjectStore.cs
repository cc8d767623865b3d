using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.Gcs;

/// <summary>
/// A Google Cloud Storage location (<c>gcs:bucket/prefix</c>) over the JSON API. Objects of one part go up in one
/// multipart request; bigger ones through a resumable upload session whose address is kept in the bucket, so the next put
/// of the key resumes where an interrupted one stopped. Every upload carries its CRC32C (and MD5), which GCS verifies.
/// </summary>
public sealed class GcsObjectStore : IObjectStore, IDisposable
{
    /// <summary>Parts are chunks of one resumable session; the count only bounds the part size GCS sees, not a service limit.</summary>
    internal const int MaximumParts = 10_000;

    private readonly GcsClient _client;
    private readonly string _prefix;
    private readonly TransferTuning _tuning;

    public GcsObjectStore(string location, string bucket, string prefix, GcsSettings settings, TransferTuning tuning)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tuning);
        Location = location;
        _prefix = prefix.Trim('/');
        _tuning = tuning;
        _client = new GcsClient(location, bucket, settings);
    }

    public string Location { get; }

    public TransferStatistics Statistics { get; } = new();

    public void Dispose() => _client.Dispose();

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        UploadAsync(key, content, ifAbsent: false, cancellationToken);

    public async Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        // A metadata read first spares uploading the body of an object that is there; the precondition
        // (ifGenerationMatch=0) still decides a race with another writer.
        if (await StatAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        return await UploadAsync(key, content, ifAbsent: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        var name = NameOf(key);
        if (range.Length == 0)
        {
            return await StatAsync(key, cancellationToken).ConfigureAwait(false) is null ? throw new ObjectNotFoundException(Location, key) : Stream.Null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, _client.ObjectUri(name, "alt=media"));
        if (!range.IsAll)
        {
            request.Headers.Range = new RangeHeaderValue(range.Offset, range.Length is { } length ? range.Offset + length - 1 : null);
        }

        var response = await _client.SendAsync(
            request, key, GcsErrors.Operation.Read, [HttpStatusCode.OK, HttpStatusCode.PartialContent, HttpStatusCode.NotFound, HttpStatusCode.RequestedRangeNotSatisfiable],
            cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    await _client.ThrowIfMissingBucketAsync(response, key, GcsErrors.Operation.Read, cancellationToken).ConfigureAwait(false);
                    throw new ObjectNotFoundException(Location, key);
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    // The range starts at or after the end.
                    response.Dispose();
                    return Stream.Null;
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            // A server that ignored the Range header sent the whole object: cut the range out of it here.
            var whole = response.StatusCode == HttpStatusCode.OK && !range.IsAll;
            return new GcsReadStream(response, body, whole ? range.Offset : 0, whole ? range.Length : null, Statistics);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.ObjectUri(NameOf(key), "fields=name,size,updated"));
        using var response = await _client.SendAsync(request, key, GcsErrors.Operation.Read, [HttpStatusCode.OK, HttpStatusCode.NotFound], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await _client.ThrowIfMissingBucketAsync(response, key, GcsErrors.Operation.Read, cancellationToken).ConfigureAwait(false);
            return null;
        }

        using var json = await _client.ReadJsonAsync(response, key, GcsErrors.Operation.Read, cancellationToken).ConfigureAwait(false);
        var resource = GcsObjectResource.Parse(json.RootElement);
        return new ObjectInfo(key, resource.Size, resource.Updated);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var storePrefix = _prefix.Length == 0 ? string.Empty : _prefix + "/";
        string? pageToken = null;
        do
        {
            // GCS lists in UTF-8 byte order, which is ordinal order for every key outside the rare U+E000-U+FFFF range.
            List<ObjectInfo> page = [];
            using (var request = new HttpRequestMessage(HttpMethod.Get, _client.ListUri(storePrefix + prefix, pageToken)))
            using (var response = await _client.SendAsync(request, null, GcsErrors.Operation.List, [HttpStatusCode.OK], cancellationToken).ConfigureAwait(false))
            using (var json = await _client.ReadJsonAsync(response, null, GcsErrors.Operation.List, cancellationToken).ConfigureAwait(false))
            {
                pageToken = json.RootElement.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
                if (json.RootElement.TryGetProperty("items", out var items))
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        var resource = GcsObjectResource.Parse(item);
                        var key = resource.Name[storePrefix.Length..];
                        if (!key.StartsWith(".amphora", StringComparison.Ordinal))
                        {
                            page.Add(new ObjectInfo(key, resource.Size, resource.Updated));
                        }
                    }
                }
            }

            foreach (var info in page)
            {
                yield return info;
            }
        }
        while (pageToken is not null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => DeleteNameAsync(NameOf(key), key, cancellationToken);

    internal async Task DeleteNameAsync(string name, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, _client.ObjectUri(name));
        using var response = await _client.SendAsync(request, key, GcsErrors.Operation.Delete, [HttpStatusCode.NoContent, HttpStatusCode.OK, HttpStatusCode.NotFound], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await _client.ThrowIfMissingBucketAsync(response, key, GcsErrors.Operation.Delete, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores bytes under a backend name in one multipart request (metadata with the checksums, then the body) and checks
    /// the checksums GCS reports. Returns false when <paramref name="ifAbsent"/> and an object is there.
    /// </summary>
    internal async Task<bool> UploadSingleAsync(string name, string key, ReadOnlyMemory<byte> bytes, bool ifAbsent, CancellationToken cancellationToken)
    {
        var crc32c = Crc32C.Of(bytes.Span);
        var md5 = Convert.ToBase64String(new Part(1, 0, bytes).Md5());
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = name, ["crc32c"] = crc32c, ["md5Hash"] = md5 });
        var boundary = "amphora-" + Guid.NewGuid().ToString("N");
        using var body = new MultipartContent("related", boundary)
        {
            new StringContent(metadata, Encoding.UTF8, "application/json"),
            new ReadOnlyMemoryContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        };
        // Unquoted, as Google's clients send it: some servers take the quotes for part of the boundary.
        body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/related; boundary={boundary}");
        using var request = new HttpRequestMessage(HttpMethod.Post, _client.UploadUri("multipart", ifAbsent)) { Content = body };
        using var response = await _client.SendAsync(request, key, GcsErrors.Operation.Store, [HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        using var json = await _client.ReadJsonAsync(response, key, GcsErrors.Operation.Store, cancellationToken).ConfigureAwait(false);
        VerifyStored(GcsObjectResource.Parse(json.RootElement), key, bytes.Length, crc32c, md5);
        return true;
    }

    /// <summary>Checks what GCS says it stored against what was sent (GCS verifies too; this covers servers that do not).</summary>
    internal void VerifyStored(GcsObjectResource stored, string key, long length, string crc32c, string md5)
    {
        // Composite objects have no MD5; every object has a CRC32C.
        if (stored.Size != length || stored.Crc32C != crc32c || (stored.Md5Hash is not null && stored.Md5Hash != md5))
        {
            throw new StorageException(
                $"cannot store {key} in {Location}: the service stored {stored.Size} bytes with CRC32C {stored.Crc32C} and MD5 {stored.Md5Hash ?? "none"}, but {length} bytes with CRC32C {crc32c} and MD5 {md5} were sent (corrupted in transit; retrying may succeed)",
                null,
                isTransient: true);
        }
    }

    internal string NameOf(string key)
    {
        ObjectKey.Validate(key);
        return ReservedName(key);
    }

    /// <summary>The backend name of a key, reserved '.amphora*' keys included.</summary>
    internal string ReservedName(string key) => _prefix.Length == 0 ? key : _prefix + "/" + key;

    private async Task<bool> UploadAsync(string key, UploadSource content, bool ifAbsent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = NameOf(key);
        // Chunks of a resumable session (all but the last) must be multiples of 256 KiB.
        var minimumPartSize = (_tuning.MinimumPartSize + GcsResumableUpload.ChunkGranularity - 1) / GcsResumableUpload.ChunkGranularity * GcsResumableUpload.ChunkGranularity;
        var layout = PartLayout.For(content.Length, minimumPartSize, MaximumParts);
        if (!layout.IsSingle)
        {
            var upload = new GcsResumableUpload(this, _client, key, name, layout, ifAbsent);
            return await upload.RunAsync(content, _tuning, cancellationToken).ConfigureAwait(false);
        }

        var stored = true;
        await PartPump.RunAsync(content, layout, _tuning.Memory, 1, async (part, token) =>
        {
            stored = await UploadSingleAsync(name, key, part.Bytes, ifAbsent, token).ConfigureAwait(false);
            if (stored)
            {
                Statistics.Sent(part.Size);
            }
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }
}

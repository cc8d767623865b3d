using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.Azure;

/// <summary>
/// A location in an Azure Blob container (<c>azure:CONTAINER[/PREFIX]</c>), spoken to through the Blob service REST API.
/// Small objects go up with one Put Blob; bigger ones as blocks named by part number and MD5, committed by Put Block List,
/// so that the next put of a key finds the blocks an interrupted one left uncommitted and sends only the rest. Every body
/// carries its Content-MD5, which the service verifies.
/// </summary>
public sealed partial class AzureBlobObjectStore : IObjectStore, IDisposable
{
    private readonly HttpClient _http;
    private readonly AzureAccount _account;
    private readonly AzureErrors _errors;
    private readonly TransferTuning _tuning;
    private readonly string _containerUrl;

    /// <summary>"" or the prefix with a trailing '/': what goes before every key in a blob name.</summary>
    private readonly string _namePrefix;

    public AzureBlobObjectStore(string location, string container, string prefix, AzureSettings settings, TransferTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(tuning);
        if (container is null || !ContainerName().IsMatch(container) || container.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"location '{location}': '{container}' is not a valid Azure container name: 3 to 63 lowercase letters, digits and single hyphens.");
        }

        var trimmed = prefix.Trim('/');
        if (trimmed.Length > 0)
        {
            BlobNames.ValidateKey(trimmed);
        }

        Location = location;
        _account = AzureAccount.From(settings);
        _errors = new AzureErrors(location, _account, container);
        _tuning = tuning;
        _namePrefix = trimmed.Length == 0 ? string.Empty : trimmed + "/";
        _containerUrl = _account.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + container;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            // A redirect would carry a SAS in its query string to wherever it points; the Blob service never redirects.
            AllowAutoRedirect = false,
        };
        // A whole block must go up within this; 64 MiB parts at 1 MiB/s still fit.
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
    }

    public string Location { get; }

    public TransferStatistics Statistics { get; } = new();

    /// <summary>Blobs per List Blobs page; tests lower it to cross page boundaries with few blobs.</summary>
    internal int ListPageSize { get; init; } = AzureLimits.ListPageSize;

    public Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        PutAsync(key, content, onlyIfAbsent: false, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        PutAsync(key, content, onlyIfAbsent: true, cancellationToken);

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        BlobNames.ValidateKey(key);
        if (range.Length == 0)
        {
            // No HTTP range names zero bytes; the object must still exist.
            return await StatAsync(key, cancellationToken).ConfigureAwait(false) is null
                ? throw new ObjectNotFoundException(Location, key)
                : new MemoryStream([], writable: false);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(key));
        if (!range.IsAll)
        {
            request.Headers.TryAddWithoutValidation("x-ms-range", range.ToHttpRange());
        }

        HttpResponseMessage response;
        using (request)
        {
            response = await SendAsync(request, BlobOperation.Read, key, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return new BlobReadStream(response, body, Statistics, failure => _errors.FromTransport(failure, BlobOperation.Read, key));
            }

            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The range starts at or after the end.
                response.Dispose();
                return new MemoryStream([], writable: false);
            }

            throw IsMissingBlob(response)
                ? new ObjectNotFoundException(Location, key)
                : await FailureAsync(response, BlobOperation.Read, key, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        BlobNames.ValidateKey(key);
        using var request = new HttpRequestMessage(HttpMethod.Head, BlobUri(key));
        using var response = await SendAsync(request, BlobOperation.Stat, key, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var headers = response.Content.Headers;
            return new ObjectInfo(key, headers.ContentLength ?? 0, headers.LastModified ?? DateTimeOffset.MinValue);
        }

        return IsMissingBlob(response) ? null : throw await FailureAsync(response, BlobOperation.Stat, key, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var found = new List<ObjectInfo>();
        string? marker = null;
        do
        {
            var query = new List<string> { "restype=container", "comp=list", $"maxresults={ListPageSize.ToString(CultureInfo.InvariantCulture)}" };
            if (_namePrefix.Length + prefix.Length > 0)
            {
                query.Add("prefix=" + Uri.EscapeDataString(_namePrefix + prefix));
            }

            if (marker is not null)
            {
                query.Add("marker=" + Uri.EscapeDataString(marker));
            }

            var page = ListBlobsPage.Parse(await GetXmlAsync(new Uri(_containerUrl + "?" + string.Join('&', query)), BlobOperation.List, null, cancellationToken)
                .ConfigureAwait(false));
            foreach (var blob in page.Blobs)
            {
                var key = blob.Key[_namePrefix.Length..];
                if (!key.StartsWith(".amphora", StringComparison.Ordinal))
                {
                    found.Add(blob with { Key = key });
                }
            }

            marker = page.NextMarker;
        }
        while (marker is not null);

        // The service sorts by UTF-8 bytes, which differs from ordinal UTF-16 order past the surrogates.
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var info in found)
        {
            yield return info;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobNames.ValidateKey(key);
        using var request = new HttpRequestMessage(HttpMethod.Delete, BlobUri(key));
        using var response = await SendAsync(request, BlobOperation.Delete, key, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && !IsMissingBlob(response))
        {
            throw await FailureAsync(response, BlobOperation.Delete, key, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        (_account.Authorizer as IDisposable)?.Dispose();
    }

    private async Task<bool> PutAsync(string key, UploadSource content, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        BlobNames.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(content);
        var layout = PartLayout.For(content.Length, _tuning.MinimumPartSize, AzureLimits.MaximumBlocks);
        if (layout.IsSingle)
        {
            // The pump reads the source to its end (and lets it verify itself) before handing over the only part.
            var stored = false;
            await PartPump.RunAsync(content, layout, _tuning.Memory, 1, async (part, token) =>
                stored = await PutBlobAsync(key, part, onlyIfAbsent, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return stored;
        }

        // Checked first so that a taken key costs one request, not every block; the conditional commit still decides.
        if (onlyIfAbsent && await StatAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var uncommitted = await UncommittedBlocksAsync(key, cancellationToken).ConfigureAwait(false);
        var blockIds = new string[layout.PartCount];
        await PartPump.RunAsync(content, layout, _tuning.Memory, _tuning.PartParallelism, async (part, token) =>
        {
            var md5 = part.Md5();
            var blockId = BlockId.For(part.Number, md5);
            blockIds[part.Number - 1] = blockId;
            if (uncommitted.TryGetValue(blockId, out var size) && size == part.Size)
            {
                Statistics.Resumed();
                return;
            }

            await PutBlockAsync(key, blockId, part, md5, token).ConfigureAwait(false);
            Statistics.Sent(part.Size);
        }, cancellationToken).ConfigureAwait(false);
        return await PutBlockListAsync(key, blockIds, onlyIfAbsent, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> PutBlobAsync(string key, Part part, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(key)) { Content = Body(part.Bytes, part.Md5(), contentType: null) };
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        if (onlyIfAbsent)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        using var response = await SendAsync(request, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            Statistics.Sent(part.Size);
            return true;
        }

        return onlyIfAbsent && IsTaken(response) ? false : throw await FailureAsync(response, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutBlockAsync(string key, string blockId, Part part, byte[] md5, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(key, "comp=block&blockid=" + Uri.EscapeDataString(blockId)))
        {
            Content = Body(part.Bytes, md5, contentType: null),
        };
        using var response = await SendAsync(request, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> PutBlockListAsync(string key, string[] blockIds, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var body = BlockList.CommitBody(blockIds);
        using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(key, "comp=blocklist"))
        {
            Content = Body(body, TransportChecksum.Md5(body), "application/xml"),
        };
        if (onlyIfAbsent)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        using var response = await SendAsync(request, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        return onlyIfAbsent && IsTaken(response) ? false : throw await FailureAsync(response, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Blocks an interrupted put of the key left behind, by id, with their sizes; none when there is no such blob.</summary>
    private async Task<Dictionary<string, long>> UncommittedBlocksAsync(string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(key, "comp=blocklist&blocklisttype=uncommitted"));
        using var response = await SendAsync(request, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        // Write-only credentials (a SAS without r) may not read block lists: they upload everything, which is still correct.
        if (IsMissingBlob(response) || response.StatusCode == HttpStatusCode.Forbidden)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false);
        }

        return BlockList.ParseUncommitted(await ReadXmlAsync(response, BlobOperation.Write, key, cancellationToken).ConfigureAwait(false));
    }

    private async Task<XDocument> GetXmlAsync(Uri uri, BlobOperation operation, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, operation, key, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, operation, key, cancellationToken).ConfigureAwait(false);
        }

        return await ReadXmlAsync(response, operation, key, cancellationToken).ConfigureAwait(false);
    }

    private async Task<XDocument> ReadXmlAsync(HttpResponseMessage response, BlobOperation operation, string? key, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (System.Xml.XmlException e)
        {
            throw new StorageException($"{Location}: could not {operation.Verb} {key ?? "objects"}: the service's answer is not valid XML.", e, isTransient: true);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && _errors.FromTransport(e, operation, key) is { } failure)
        {
            throw failure;
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, BlobOperation operation, string? key, CancellationToken cancellationToken) =>
        SendAsync(request, operation, key, HttpCompletionOption.ResponseContentRead, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, BlobOperation operation, string? key, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("x-ms-version", AzureLimits.ApiVersion);
        request.Headers.TryAddWithoutValidation("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        try
        {
            await _account.Authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && _errors.FromTransport(e, operation, key) is { } failure)
        {
            throw failure;
        }
    }

    private async Task<StorageException> FailureAsync(HttpResponseMessage response, BlobOperation operation, string? key, CancellationToken cancellationToken) =>
        _errors.FromResponse(
            response.StatusCode,
            await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false),
            operation,
            key,
            response.Headers.TryGetValues("x-ms-request-id", out var ids) ? ids.FirstOrDefault() : null);

    /// <summary>The service's error code: a header on every answer, repeated in the XML body of those that have one.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (HeaderErrorCode(response) is { } code)
        {
            return code;
        }

        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length == 0 ? null : XDocument.Parse(text).Root?.Element("Code")?.Value;
        }
        catch (Exception e) when (e is System.Xml.XmlException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static string? HeaderErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;

    /// <summary>A 404 about the blob itself; a missing container is a configuration error, not a missing object.</summary>
    private static bool IsMissingBlob(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.NotFound && HeaderErrorCode(response) != "ContainerNotFound";

    /// <summary>The answer to a conditional create (If-None-Match: *) of a name that is taken.</summary>
    private static bool IsTaken(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.PreconditionFailed
        || (response.StatusCode == HttpStatusCode.Conflict && HeaderErrorCode(response) == "BlobAlreadyExists");

    private static ReadOnlyMemoryContent Body(ReadOnlyMemory<byte> bytes, byte[] md5, string? contentType)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentMD5 = md5;
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }

    private Uri BlobUri(string key, string? query = null)
    {
        return new Uri(_containerUrl + "/" + BlobNames.ToUrlPath(_namePrefix + key) + (query is null ? string.Empty : "?" + query));
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\z")]
    private static partial Regex ContainerName();
}

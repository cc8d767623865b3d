using System.Net;
using System.Net.Http.Headers;

namespace Amphora.Storage.Gcs;

/// <summary>
/// Requests to the GCS JSON API for one bucket: URLs, the bearer token (none for an emulator), and failures turned into
/// <see cref="StorageException"/>s. Cancellation by the caller passes through unchanged.
/// </summary>
internal sealed class GcsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly GcsCredentials? _credentials;
    private readonly string _baseUrl;
    private readonly string _bucket;

    public GcsClient(string location, string bucket, GcsSettings settings)
    {
        Location = location;
        _bucket = bucket;
        var endpoint = settings.Endpoint ?? GcsSettings.GoogleEndpoint;
        _baseUrl = endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/');
        _credentials = settings.Endpoint is null ? new GcsCredentials(settings.CredentialsFile) : null;
        CredentialAdvice = _credentials?.Advice ?? $"the emulator at {_baseUrl} is sent no credentials";
        _http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Location { get; }

    public string CredentialAdvice { get; }

    public void Dispose() => _http.Dispose();

    public Uri ObjectUri(string name, string? query = null) =>
        new($"{_baseUrl}/storage/v1/b/{Uri.EscapeDataString(_bucket)}/o/{Uri.EscapeDataString(name)}{(query is null ? string.Empty : "?" + query)}");

    public Uri ListUri(string prefix, string? pageToken)
    {
        var query = $"prefix={Uri.EscapeDataString(prefix)}&fields=items(name,size,updated),nextPageToken";
        return new($"{_baseUrl}/storage/v1/b/{Uri.EscapeDataString(_bucket)}/o?{query}{(pageToken is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(pageToken))}");
    }

    public Uri UploadUri(string uploadType, bool ifAbsent) =>
        new($"{_baseUrl}/upload/storage/v1/b/{Uri.EscapeDataString(_bucket)}/o?uploadType={uploadType}{(ifAbsent ? "&ifGenerationMatch=0" : string.Empty)}");

    /// <summary>Sends the request; replies with a status in <paramref name="expected"/> are returned, others throw.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, string? key, GcsErrors.Operation operation, HttpStatusCode[] expected, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (_credentials is not null)
        {
            var token = await _credentials.GetAccessTokenAsync(Location, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw GcsErrors.FromTransport(Location, key, operation, e);
        }

        if (Array.IndexOf(expected, response.StatusCode) >= 0)
        {
            return response;
        }

        using (response)
        {
            throw await GcsErrors.FromResponseAsync(response, Location, _bucket, key, operation, CredentialAdvice, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A 404 means "no such object" only when the bucket exists: otherwise this throws the bucket's error.</summary>
    public async Task ThrowIfMissingBucketAsync(HttpResponseMessage notFound, string? key, GcsErrors.Operation operation, CancellationToken cancellationToken)
    {
        var (reason, message) = GcsErrors.ParseError(await notFound.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (GcsErrors.IsMissingBucket(message))
        {
            throw GcsErrors.Describe(HttpStatusCode.NotFound, reason, message, Location, _bucket, key, operation, CredentialAdvice);
        }
    }

    /// <summary>Reads a reply's JSON body; a body cut off midway is a transient failure.</summary>
    public async Task<System.Text.Json.JsonDocument> ReadJsonAsync(HttpResponseMessage response, string? key, GcsErrors.Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await System.Text.Json.JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            throw GcsErrors.FromTransport(Location, key, operation, e);
        }
    }
}

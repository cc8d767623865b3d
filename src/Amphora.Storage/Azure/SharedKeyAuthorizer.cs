using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Amphora.Storage.Azure;

/// <summary>
/// Signs requests with the account key (the Blob service's "Shared Key" scheme): an HMAC-SHA256 over the verb, the standard
/// headers, every x-ms-* header and the canonical resource (account, path and query parameters).
/// </summary>
internal sealed class SharedKeyAuthorizer : AzureAuthorizer
{
    private readonly string _accountName;
    private readonly byte[] _key;

    public SharedKeyAuthorizer(string accountName, string base64Key, string credentialsHint)
    {
        _accountName = accountName;
        CredentialsHint = credentialsHint;
        try
        {
            _key = Convert.FromBase64String(base64Key);
        }
        catch (FormatException)
        {
            // The message must not quote the key.
            throw new ArgumentException($"the Azure Storage account key is not valid base64: check {credentialsHint}.");
        }
    }

    public override string CredentialsHint { get; }

    public override ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {_accountName}:{signature}");
        return ValueTask.CompletedTask;
    }

    private string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        // Since version 2015-02-21 a zero Content-Length is signed as an empty string.
        var length = content?.ContentLength is > 0 and long value ? value.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var lines = new[]
        {
            request.Method.Method,
            Header(content, "Content-Encoding"),
            Header(content, "Content-Language"),
            length,
            Header(content, "Content-MD5"),
            Header(content, "Content-Type"),
            string.Empty, // Date: requests carry x-ms-date instead.
            Header(request.Headers, "If-Modified-Since"),
            Header(request.Headers, "If-Match"),
            Header(request.Headers, "If-None-Match"),
            Header(request.Headers, "If-Unmodified-Since"),
            Header(request.Headers, "Range"),
        };
        var builder = new StringBuilder(string.Join('\n', lines)).Append('\n');
        AppendCanonicalHeaders(builder, request);
        AppendCanonicalResource(builder, request.RequestUri!);
        return builder.ToString();
    }

    private static string Header(System.Net.Http.Headers.HttpHeaders? headers, string name) =>
        headers is not null && headers.NonValidated.TryGetValues(name, out var values) ? string.Join(", ", values) : string.Empty;

    private static void AppendCanonicalHeaders(StringBuilder builder, HttpRequestMessage request)
    {
        var headers = request.Headers.NonValidated
            .Where(header => header.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(header => (Name: header.Key.ToLowerInvariant(), Value: string.Join(',', header.Value)))
            .OrderBy(header => header.Name, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }
    }

    private void AppendCanonicalResource(StringBuilder builder, Uri uri)
    {
        // The path as sent (still percent-encoded); on a path-style emulator endpoint it repeats the account name, as it must.
        builder.Append('/').Append(_accountName).Append(uri.AbsolutePath);
        var parameters = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => Uri.UnescapeDataString(pair[0]).ToLowerInvariant(), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', parameter.Order(StringComparer.Ordinal)));
        }
    }
}

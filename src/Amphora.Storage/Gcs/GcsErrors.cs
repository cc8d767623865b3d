using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amphora.Storage.Gcs;

/// <summary>
/// Turns GCS failures into <see cref="StorageException"/>s that say what failed, why (HTTP status and the service's reason)
/// and what to do, without URLs' query strings (upload session ids) or anything else that grants access.
/// </summary>
internal static partial class GcsErrors
{
    private const int MaximumServiceMessage = 300;

    /// <summary>What was being done: "store", "read", "list", "delete", with the IAM permission it needs.</summary>
    public sealed record Operation(string Verb, string Permission)
    {
        public static Operation Store { get; } = new("store", "storage.objects.create");

        public static Operation Read { get; } = new("read", "storage.objects.get");

        public static Operation List { get; } = new("list", "storage.objects.list");

        public static Operation Delete { get; } = new("delete", "storage.objects.delete");
    }

    /// <summary>A failure to reach the service, or a reply that was cut off.</summary>
    public static StorageException FromTransport(string location, string? key, Operation operation, Exception error)
    {
        // A host that does not resolve will not resolve on retry; refused and reset connections and timeouts may pass.
        var isTransient = error is not HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };
        var what = error is TaskCanceledException ? "the request timed out" : Scrub(error.Message);
        var advice = isTransient ? "the network or the service failed; retrying may succeed" : "check the endpoint's host name and DNS";
        return new StorageException($"cannot {operation.Verb} {Subject(key, location)}: {what} ({advice})", error, isTransient);
    }

    /// <summary>Reads the JSON error body of a failed reply (error.code, error.message, errors[].reason).</summary>
    public static async Task<StorageException> FromResponseAsync(
        HttpResponseMessage response, string location, string bucket, string? key, Operation operation, string credentialAdvice, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var (reason, message) = ParseError(body);
        return Describe(response.StatusCode, reason, message, location, bucket, key, operation, credentialAdvice);
    }

    /// <summary>The exception for a reply with this status and error body; separate from HTTP so its wording can be tested.</summary>
    public static StorageException Describe(
        HttpStatusCode status, string? reason, string? message, string location, string bucket, string? key, Operation operation, string credentialAdvice)
    {
        var code = (int)status;
        var isTransient = code is 408 or 429 or >= 500;
        var advice = code switch
        {
            404 when IsMissingBucket(message) => $"bucket {bucket} does not exist: create it or fix --location",
            401 => $"the credentials were refused: {credentialAdvice}",
            403 => $"access denied for {operation.Permission} on bucket {bucket}: grant the account that permission (e.g. role Storage Object Admin) or use other credentials; {credentialAdvice}",
            404 => "not found",
            412 => "a precondition failed: the object changed meanwhile",
            429 => "the service is throttling requests; retrying later may succeed",
            >= 500 or 408 => "the service failed or timed out; retrying may succeed",
            _ => "the service refused the request",
        };
        var detail = string.Join(", ", new[] { reason, message is null ? null : Shorten(Scrub(message)) }.Where(part => !string.IsNullOrEmpty(part)));
        var said = detail.Length == 0 ? string.Empty : $" ({detail})";
        return new StorageException($"cannot {operation.Verb} {Subject(key, location)}: HTTP {code}{said}: {advice}", null, isTransient);
    }

    public static bool IsMissingBucket(string? message) =>
        message is not null && message.Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase);

    public static (string? Reason, string? Message) ParseError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var message = error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            string? reason = null;
            if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                reason = errors.EnumerateArray()
                    .Select(entry => entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)
                    .FirstOrDefault(r => r is not null);
            }

            return (reason, message);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, an emulator's plain text): the status alone has to do.
            return (null, body.Length is > 0 and <= MaximumServiceMessage && !body.Contains('<', StringComparison.Ordinal) ? body.Trim() : null);
        }
    }

    /// <summary>Drops query strings from any URL in the text: they may carry upload session ids or signatures.</summary>
    public static string Scrub(string text) => QueryString().Replace(text, string.Empty);

    private static string Subject(string? key, string location) => key is null ? location : $"{key} in {location}";

    private static string Shorten(string text) => text.Length <= MaximumServiceMessage ? text : text[..MaximumServiceMessage] + "…";

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"\?[^\s""']*")]
    private static partial Regex QueryString();
}

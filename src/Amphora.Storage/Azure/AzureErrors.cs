using System.Net;
using global::Azure.Identity;

namespace Amphora.Storage.Azure;

/// <summary>
/// Turns Blob service answers and transport failures into <see cref="StorageException"/>s that say what went wrong and what
/// to do. Messages quote the HTTP status and the service's error code, never its message text (an AuthenticationFailed
/// message repeats the string that was signed), a URL's query string (a SAS) or a credential.
/// </summary>
internal sealed class AzureErrors(string location, AzureAccount account, string container)
{
    /// <summary>A refusal by the service; its request id, when known, is what Azure support asks for.</summary>
    public StorageException FromResponse(HttpStatusCode status, string? errorCode, BlobOperation operation, string? key, string? requestId = null)
    {
        var code = (int)status;
        var answer = (errorCode is null ? $"HTTP {code}" : $"HTTP {code} {errorCode}") + (requestId is null ? string.Empty : $", request id {requestId}");
        var (problem, isTransient) = errorCode switch
        {
            "ContainerNotFound" => ($"container {container} does not exist in account {account.Name}: create it or fix --location", false),
            "AuthenticationFailed" or "InvalidAuthenticationInfo" or "NoAuthenticationInformation" =>
                ($"the credentials were refused: check {account.Authorizer.CredentialsHint}", false),
            // Real Azure answers this for network rules and disabled Shared Key access; Azurite for a wrong key too.
            "AuthorizationFailure" =>
                ($"the credentials were refused or may not {operation.Verb} here: check {account.Authorizer.CredentialsHint}, " +
                 $"the {operation.Permission} permission ({operation.PermissionLetter} in a SAS) and the account's network rules", false),
            "AuthorizationSourceIPMismatch" => ("this machine's IP address is not allowed: check the SAS or the account's network rules", false),
            "AuthorizationProtocolMismatch" => ("the SAS does not allow this protocol: use an https endpoint or a SAS with spr=https,http", false),
            { } denied when denied.StartsWith("Authorization", StringComparison.Ordinal) || denied == "InsufficientAccountPermissions" => (Denied(operation), false),
            "Md5Mismatch" or "InvalidMd5" => ("the bytes the service received do not match their MD5: they were corrupted on the way; try again", true),
            "ServerBusy" or "OperationTimedOut" or "InternalError" => ("the service is busy or failed; try again later", true),
            _ when status == HttpStatusCode.Unauthorized => ($"the credentials were refused: check {account.Authorizer.CredentialsHint}", false),
            _ when status == HttpStatusCode.Forbidden => (Denied(operation), false),
            _ when code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests =>
                ("the service is busy or failed; try again later", true),
            _ => ("the service refused the request", false),
        };
        return new StorageException($"{Subject(operation, key)}: {problem} ({answer}).", isTransient: isTransient);
    }

    /// <summary>
    /// A failure to get an answer at all; null when it is not one this class knows (the caller lets it through). Callers ask
    /// only while their own token is not cancelled, so a cancellation here is a timeout.
    /// </summary>
    public StorageException? FromTransport(Exception failure, BlobOperation operation, string? key)
    {
        var host = account.BlobEndpoint.Host;
        var (problem, isTransient) = failure switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                ($"the host name {host} does not resolve: check the account name or the blob endpoint", false),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                ($"the TLS connection to {host} failed: check the endpoint and the machine's trusted certificates", false),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => ($"could not connect to {host}", true),
            HttpRequestException => ($"the connection to {host} failed", true),
            TimeoutException or OperationCanceledException => ($"the request to {host} timed out", true),
            IOException => ($"the connection to {host} dropped", true),
            AuthenticationFailedException => ($"could not get an Entra ID token ({FirstLine(failure.Message)}): check {account.Authorizer.CredentialsHint}", false),
            _ => (null, false),
        };
        return problem is null ? null : new StorageException($"{Subject(operation, key)}: {problem}.", failure, isTransient);
    }

    private string Denied(BlobOperation operation) =>
        $"access denied: the credentials may not {operation.Verb} here; they need the {operation.Permission} permission " +
        $"({operation.PermissionLetter} in a SAS, or a Storage Blob Data role): check {account.Authorizer.CredentialsHint}";

    private string Subject(BlobOperation operation, string? key) =>
        key is null ? $"{location}: could not {operation.Verb} objects" : $"{location}: could not {operation.Verb} {key}";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

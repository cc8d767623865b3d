using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;

namespace Amphora.Storage.S3;

/// <summary>
/// Turns what the SDK throws into <see cref="StorageException"/>s that say what went wrong and what to do, and whether a
/// retry may help. Messages carry the HTTP status and S3 error code, never credentials, signatures or query strings.
/// </summary>
internal sealed class S3Failures(string location, string bucket, string endpoint)
{
    private static readonly HashSet<string> RefusedCredentialCodes =
        ["InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId"];

    private static readonly HashSet<string> TransientCodes =
        ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException", "ConditionalRequestConflict"];

    /// <summary>The failure of an S3 action (e.g. <c>s3:PutObject</c>) on what it was applied to (e.g. "object a/b").</summary>
    public StorageException Map(Exception failure, string action, string target)
    {
        var (problem, advice, transient) = Explain(failure, action, target);
        return new StorageException($"{location}: {action} on {target} failed: {problem}; {advice}.", failure, transient);
    }

    /// <summary>A failure this store detected itself, such as a checksum the server did not confirm.</summary>
    public StorageException Fail(string action, string target, string problem, string advice, bool transient) =>
        new($"{location}: {action} on {target} failed: {problem}; {advice}.", null, transient);

    private (string Problem, string Advice, bool Transient) Explain(Exception failure, string action, string target)
    {
        switch (failure)
        {
            case AmazonServiceException service when service.StatusCode != 0:
                return ExplainService(service, action, target);
            case AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase):
                return ("no AWS credentials were found",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/credentials, or run with an instance, container or web identity role", false);
            case AmazonClientException client when client.Message.Contains("profile", StringComparison.OrdinalIgnoreCase):
                return ("the AWS profile could not be used", "check AWS_PROFILE and the profile in ~/.aws/credentials and ~/.aws/config", false);
            case AmazonClientException client when client.Message.Contains("RegionEndpoint", StringComparison.Ordinal):
                return ("no AWS region is configured", "set AWS_REGION to the bucket's region", false);
            default:
                break;
        }

        var causes = new List<Exception>();
        for (var inner = (Exception?)failure; inner is not null; inner = inner.InnerException)
        {
            causes.Add(inner);
        }

        if (causes.Any(cause => cause is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
            or SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }))
        {
            return ($"the host of {endpoint} could not be resolved (DNS)", "check the endpoint's name and this machine's DNS", false);
        }

        if (causes.Any(cause => cause is AuthenticationException or HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }))
        {
            return ($"the TLS handshake with {endpoint} failed", "check the endpoint's certificate and that it speaks HTTPS", false);
        }

        if (causes.Any(cause => cause is SocketException { SocketErrorCode: SocketError.ConnectionRefused }))
        {
            return ($"{endpoint} refused the connection", "check that the S3 service runs there and the port is right; this may pass if tried again", true);
        }

        if (causes.Any(cause => cause is SocketException or IOException or TimeoutException or OperationCanceledException or HttpRequestException))
        {
            return ($"the connection to {endpoint} failed or timed out ({causes[^1].GetType().Name}: {causes[^1].Message})", "this may pass if tried again", true);
        }

        return ($"{failure.GetType().Name}", "see the inner exception", false);
    }

    private (string Problem, string Advice, bool Transient) ExplainService(AmazonServiceException service, string action, string target)
    {
        var status = (int)service.StatusCode;
        var code = service.ErrorCode;
        var answer = string.IsNullOrEmpty(code) ? $"HTTP {status}" : $"HTTP {status} {code}";
        if (code == "NoSuchBucket")
        {
            return ($"bucket {bucket} does not exist ({answer})", "create it or fix --location", false);
        }

        if (code is not null && RefusedCredentialCodes.Contains(code))
        {
            return ($"the credentials were refused ({answer})",
                "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) or the profile, and that this machine's clock is right", false);
        }

        if (code is "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IncorrectEndpoint" || service.StatusCode == HttpStatusCode.MovedPermanently)
        {
            return ($"bucket {bucket} is not served by {endpoint} in this region ({answer})", "set AWS_REGION to the bucket's region", false);
        }

        if (code is "AccessDenied" or "AllAccessDisabled" || service.StatusCode == HttpStatusCode.Forbidden)
        {
            return ($"access denied for {action} on {target} in bucket {bucket} ({answer})",
                $"grant {action} on the bucket to the identity of these credentials, or use other credentials", false);
        }

        if (code == "RequestTimeTooSkewed")
        {
            return ($"this machine's clock is too far from the service's ({answer})", "synchronize the clock (NTP)", false);
        }

        var transient = status >= 500 || status is 408 or 429 || (code is not null && TransientCodes.Contains(code));
        return transient
            ? ($"the service answered {answer}", "this may pass if tried again", true)
            : ($"the service answered {answer}: {service.Message}", "see the S3 documentation of the code", false);
    }
}

namespace Amphora.Nodes.Scylla;

/// <summary>
/// Scylla's REST API refused a request (it answers <c>{"message": "...", "code": 400|500}</c>) or could not be reached.
/// Derives from <see cref="NodetoolException"/> so backup and restore treat it as any other node failure.
/// </summary>
public sealed class ScyllaApiException : NodetoolException
{
    /// <summary>The API answered <paramref name="statusCode"/> with Scylla's <paramref name="scyllaMessage"/>.</summary>
    public ScyllaApiException(string request, int statusCode, string scyllaMessage)
        : base(statusCode, scyllaMessage, $"Scylla REST API '{request}' failed with HTTP {statusCode}: {scyllaMessage.Trim()}")
    {
    }

    /// <summary>Nothing answered (connection refused, timeout): <see cref="NodetoolException.ExitCode"/> is -1.</summary>
    public ScyllaApiException(string request, string reason, Exception innerException)
        : base(-1, reason,
            $"Scylla REST API '{request}' could not be reached: {reason}. Check api_address and api_port in scylla.yaml and that scylla is running.", innerException)
    {
    }

    /// <summary>The HTTP status the API answered; -1 when it could not be reached.</summary>
    public int StatusCode => ExitCode;
}

namespace Amphora.Api.Server;

/// <summary>The server refused the request as wrong (4xx: bad input, unknown cluster or task, conflict, unauthorized).</summary>
public sealed class ServerRefusedException(int statusCode, string message) : ArgumentException(message)
{
    public int StatusCode { get; } = statusCode;
}

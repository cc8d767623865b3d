using Microsoft.AspNetCore.Http;

namespace Amphora.Server.Api;

/// <summary>A request the server refuses, with the HTTP status and a message saying what is wrong and what to do.</summary>
public sealed class ServerRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ServerRequestException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ServerRequestException Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    /// <summary>An agent the request needed did not answer.</summary>
    public static ServerRequestException BadGateway(string message) => new(StatusCodes.Status502BadGateway, message);
}

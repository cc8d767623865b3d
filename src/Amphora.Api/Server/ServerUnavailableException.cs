namespace Amphora.Api.Server;

/// <summary>The server could not be reached, or failed the request (5xx, e.g. an agent did not answer).</summary>
public sealed class ServerUnavailableException(string message, Exception? innerException = null) : IOException(message, innerException);

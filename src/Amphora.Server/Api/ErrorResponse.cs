namespace Amphora.Server.Api;

/// <summary>The body of every refused request: what is wrong and what to do.</summary>
public sealed record ErrorResponse(string Error);

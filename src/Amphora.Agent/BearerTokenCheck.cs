using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Amphora.Agent;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer TOKEN</c> carrying the agent's token, compared in constant time.
/// Anything else gets 401 with the body <c>unauthorized</c>, whatever was wrong: no hint for a guesser.
/// </summary>
public sealed class BearerTokenCheck(string token)
{
    public const string RefusalBody = "unauthorized";

    private const string Scheme = "Bearer ";
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(RefusalBody, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Both sides hashed first, so the comparison takes the same time whatever the presented token's length.</summary>
    private bool IsAuthorized(string header)
    {
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..] : string.Empty;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);
    }
}

using Amphora.Api;
using Microsoft.AspNetCore.Http;

namespace Amphora.Agent;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer TOKEN</c> carrying the agent's token, compared in constant time.
/// Anything else gets 401 with the body <c>unauthorized</c>, whatever was wrong: no hint for a guesser.
/// </summary>
public sealed class BearerTokenCheck(string token)
{
    private readonly BearerToken _token = new(token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_token.Admits(context.Request.Headers.Authorization.ToString()))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(BearerToken.Refusal, context.RequestAborted).ConfigureAwait(false);
    }
}

using Amphora.Api;
using Amphora.Api.Server;
using Amphora.Server.Configuration;
using Microsoft.AspNetCore.Http;

namespace Amphora.Server.Api;

/// <summary>
/// Middleware in front of every route: requires the bearer token when one is configured (all routes but /metrics and the
/// OpenAPI document; a wrong token gets 401 <c>unauthorized</c> and nothing more), and turns refused requests into JSON
/// errors with their status.
/// </summary>
public sealed class RequestGuard(RequestDelegate next, ServerConfig config)
{
    private readonly BearerToken? _token = config.Token is null ? null : new BearerToken(config.Token);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_token is not null && !IsOpen(context.Request.Path) && !_token.Admits(context.Request.Headers.Authorization.ToString()))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, BearerToken.Refusal).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ServerRequestException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (ArgumentException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"the request body is not valid: {e.Message}").ConfigureAwait(false);
        }
    }

    private static bool IsOpen(PathString path) => path == ServerRoutes.Metrics || path == ServerRoutes.OpenApi;

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorResponse(message));
    }
}

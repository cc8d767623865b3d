using Amphora.Api.Agent;
using Microsoft.AspNetCore.Http;

namespace Amphora.Agent;

/// <summary>
/// Turns an operation's failure into its HTTP answer, the message as a plain-text body: 404 for an unknown job, 409 for a
/// conflicting job, 400 for a bad request, 500 for anything else.
/// </summary>
public static class AgentErrors
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            context.Response.StatusCode = e switch
            {
                AgentJobNotFoundException => StatusCodes.Status404NotFound,
                JobConflictException => StatusCodes.Status409Conflict,
                BadHttpRequestException or ArgumentException or NotSupportedException or InvalidDataException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            };
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(e.Message, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Amphora.Sandbox.ScyllaApi;

/// <summary>
/// Serves <see cref="ScyllaRestApi"/> over HTTP on the node's api_address:api_port, answering failures as Scylla does
/// (<c>{"message": ..., "code": 400|500}</c>). It runs until cancelled or until the node no longer wants it (stopped, started
/// again with another server, or its sandbox deleted), so a killed test never leaves it listening.
/// </summary>
public static class ScyllaRestServer
{
    public static async Task RunAsync(SandboxCluster cluster, SandboxNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var config = node.Config;
        if (config.ApiAddress is null)
        {
            throw new SandboxException($"Node {node.Name} is not Scylla-flavoured: it has no scylla.yaml with api_address, so it serves no REST API.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(config.ApiAddress), config.ApiPort));
        await using var app = builder.Build();
        Map(app, new ScyllaRestApi(cluster, node));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        node.ReportRestServerReady();
        while (!cancellationToken.IsCancellationRequested && node.WantsRestServer(Environment.ProcessId))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static void Map(WebApplication app, ScyllaRestApi api)
    {
        app.MapGet("/storage_service/hostid/local", () => Answer(api.LocalHostId));
        app.MapGet("/storage_service/host_id", () => Answer(api.HostIds));
        app.MapGet("/storage_service/tokens", () => Answer(api.RingTokens));
        app.MapGet("/storage_service/tokens/{endpoint}", (string endpoint) => Answer(() => api.TokensOf(endpoint)));
        app.MapGet("/snitch/datacenter", (string? host) => Answer(() => api.Datacenter(host)));
        app.MapGet("/snitch/rack", (string? host) => Answer(() => api.Rack(host)));
        app.MapGet("/storage_service/cluster_name", () => Answer(api.ClusterName));
        app.MapGet("/storage_service/scylla_release_version", () => Answer(ScyllaRestApi.ScyllaReleaseVersion));
        app.MapGet("/storage_service/keyspaces", (string? type) => Answer(() => api.Keyspaces(type)));
        app.MapPost("/storage_service/snapshots", (string? tag, string? kn, string? cf, string? sf) =>
            Answer(() => api.TakeSnapshot(tag, kn, cf, IsTrue(sf))));
        app.MapDelete("/storage_service/snapshots", (string? tag, string? kn) => Answer(() => api.ClearSnapshot(tag, kn)));
        app.MapGet("/storage_service/snapshots", () => Answer(api.Snapshots));
        app.MapGet("/storage_service/snapshots/size/true", () => Answer(api.TrueSnapshotsSize));
        app.MapPost("/storage_service/keyspace_flush/{keyspace}", (string keyspace, string? cf) => Answer(() => api.Flush(keyspace, cf)));
        app.MapPost("/storage_service/sstables/{keyspace}", (string keyspace, string? cf, string? load_and_stream) =>
            Answer(() => api.LoadNewSSTables(keyspace, cf, IsTrue(load_and_stream))));
        app.MapFallback((HttpContext context) => Error(HttpStatusCode.NotFound, $"Not found: {context.Request.Method} {context.Request.Path}"));
    }

    private static bool IsTrue(string? flag) => string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);

    private static IResult Answer<T>(Func<T> handler) => Answer(() => Results.Json(handler()));

    private static IResult Answer(Action handler) => Answer(() =>
    {
        handler();
        return Results.Ok();
    });

    private static IResult Answer(Func<IResult> handler)
    {
        try
        {
            return handler();
        }
        catch (ScyllaApiError e)
        {
            return Error(HttpStatusCode.BadRequest, e.Message);
        }
        catch (Exception e) when (e is SandboxException or IOException or InvalidDataException)
        {
            return Error(HttpStatusCode.InternalServerError, e.Message);
        }
    }

    private static IResult Error(HttpStatusCode status, string message) =>
        Results.Json(new { message, code = (int)status }, statusCode: (int)status);
}

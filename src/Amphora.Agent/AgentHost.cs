using System.Net;
using System.Security.Cryptography.X509Certificates;
using Amphora.Api.Agent;
using Amphora.Api.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amphora.Agent;

/// <summary>
/// The agent's HTTPS server: the operations of <see cref="IAgentApi"/> at <see cref="AgentRoutes"/> and the metrics, every
/// route behind the bearer token, nothing else.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NodeAgent _agent;

    private AgentHost(WebApplication app, NodeAgent agent, X509Certificate2 certificate, IPEndPoint boundTo)
    {
        _app = app;
        _agent = agent;
        Certificate = certificate;
        BoundTo = boundTo;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The address actually listened on (the port chosen when the config says 0).</summary>
    public IPEndPoint BoundTo { get; }

    public string Fingerprint => AgentCertificate.Fingerprint(Certificate);

    public NodeAgent Agent => _agent;

    public static async Task<AgentHost> StartAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var certificate = AgentCertificate.Load(config);
        var agent = new NodeAgent(config, AgentNode.Create(config.Node), new AgentMetrics());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(config.Listen, listen => listen.UseHttps(certificate)));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        var app = builder.Build();
        app.Use(new BearerTokenCheck(config.Token).InvokeAsync);
        app.Use(AgentErrors.InvokeAsync);
        MapRoutes(app, agent);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var bound = new IPEndPoint(config.Listen.Address, new Uri(address).Port);
        return new AgentHost(app, agent, certificate, bound);
    }

    /// <summary>Cancels the running jobs (they stop as a failed job would: nothing marked complete), then stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _agent.Jobs.CancelAllAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _agent.Dispose();
        Certificate.Dispose();
    }

    private static void MapRoutes(WebApplication app, NodeAgent agent)
    {
        app.MapGet(AgentRoutes.Node, agent.NodeAsync);
        app.MapGet(AgentRoutes.Snapshots, agent.SnapshotsAsync);
        app.MapPost(AgentRoutes.Snapshots, async (SnapshotRequest request, CancellationToken token) =>
        {
            await agent.TakeSnapshotAsync(request, token).ConfigureAwait(false);
            return Results.NoContent();
        });
        app.MapDelete(AgentRoutes.Snapshot, async (string name, CancellationToken token) =>
        {
            await agent.ClearSnapshotAsync(name, token).ConfigureAwait(false);
            return Results.NoContent();
        });
        app.MapPost(AgentRoutes.BackupPlan, agent.PlanBackupAsync);
        app.MapPost(AgentRoutes.BackupJobs, agent.StartBackupAsync);
        app.MapPost(AgentRoutes.IncrementalJobs, agent.StartIncrementalAsync);
        app.MapPost(AgentRoutes.CommitLogShipJobs, agent.StartCommitLogShipAsync);
        app.MapPost(AgentRoutes.RestoreJobs, agent.StartRestoreAsync);
        app.MapGet(AgentRoutes.Job, agent.JobAsync);
        app.MapDelete(AgentRoutes.Job, agent.CancelJobAsync);
        app.MapGet(AgentRoutes.Metrics, () => Results.Text(agent.Metrics.Registry.Scrape(), MetricsRegistry.ContentType));
    }
}

using System.Security.Cryptography.X509Certificates;
using Amphora.Api.Metrics;
using Amphora.Server.Api;
using Amphora.Server.Clusters;
using Amphora.Server.Configuration;
using Amphora.Server.Runs;
using Amphora.Server.Scheduling;
using Amphora.Server.State;
using Amphora.Server.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Amphora.Server;

/// <summary>
/// The manager server, hosted: the REST API, the OpenAPI document, /metrics and the scheduler, over the SQLite state. The
/// CLI's <c>amphora server</c> and the tests start it the same way.
/// </summary>
public sealed class AmphoraServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteServerStore _store;
    private bool _stopped;

    private AmphoraServer(WebApplication app, SqliteServerStore store, Uri address)
    {
        _app = app;
        _store = store;
        Address = address;
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:5080/ (the port it bound when the config asked for 0).</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="runner">Builds the run orchestration from the server's services (store, metrics, storage settings, time).</param>
    /// <param name="time">The clock the scheduler reads; null: the system clock.</param>
    /// <param name="scheduling">False: no scheduler loop (tests drive <see cref="BackupScheduler.TickAsync"/> themselves).</param>
    public static async Task<AmphoraServer> StartAsync(
        ServerConfig config, IAgentConnectorFactory agents, Func<IServiceProvider, IBackupRunner> runner, TimeProvider? time = null,
        bool scheduling = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(runner);
        var store = await SqliteServerStore.OpenAsync(config.SqlitePath, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(config.Listen, listen =>
        {
            if (config.UsesTls)
            {
                listen.UseHttps(X509Certificate2.CreateFromPemFile(config.CertificateFile!, config.KeyFile));
            }
        }));
        var services = builder.Services;
        services.AddSingleton<IServerStore>(store);
        services.AddSingleton(config);
        services.AddSingleton(config.Storage);
        services.AddSingleton(new MetricsRegistry());
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(agents);
        services.AddSingleton(runner);
        services.AddSingleton<RunCoordinator>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<BackupScheduler>();
        if (scheduling)
        {
            services.AddHostedService(provider => provider.GetRequiredService<BackupScheduler>());
        }

        services.AddOpenApi();
        var app = builder.Build();
        app.UseMiddleware<RequestGuard>();
        ServerEndpoints.Map(app);
        app.MapOpenApi();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AmphoraServer(app, store, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Stops the scheduler (runs in progress stop, to be continued on the next start) and the listener.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);

        // Without the scheduler loop (tests), nothing else stops the runs.
        await _app.Services.GetRequiredService<RunCoordinator>().StopAllAsync().ConfigureAwait(false);
    }

    /// <summary>Completes when the host shuts down (Ctrl+C or SIGTERM for <c>amphora server</c>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
    }
}

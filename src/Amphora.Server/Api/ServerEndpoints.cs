using Amphora.Api.Metrics;
using Amphora.Api.Server;
using Amphora.Server.Clusters;
using Amphora.Server.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Amphora.Server.Api;

/// <summary>The REST API at <see cref="ServerRoutes"/>, each route described for the OpenAPI document.</summary>
public static class ServerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var clusters = app.MapGroup(string.Empty).WithTags("clusters");
        clusters.MapPost(ServerRoutes.Clusters, async (ClusterRegistration registration, ClusterService service, CancellationToken cancellationToken) =>
                TypedResults.Created($"{ServerRoutes.Clusters}/{registration.Name}", await service.AddAsync(registration, cancellationToken).ConfigureAwait(false)))
            .WithName("AddCluster").WithSummary("Registers a cluster: every agent must answer and report the same cluster.")
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(409).Produces<ErrorResponse>(502);
        clusters.MapGet(ServerRoutes.Clusters, (ClusterService service, CancellationToken cancellationToken) => service.ListAsync(cancellationToken))
            .WithName("ListClusters").WithSummary("The registered clusters and their topology as last discovered.");
        clusters.MapGet(ServerRoutes.Cluster, (string cluster, bool? refresh, ClusterService service, CancellationToken cancellationToken) =>
                service.ShowAsync(cluster, refresh ?? false, cancellationToken))
            .WithName("GetCluster").WithSummary("One cluster; ?refresh=true discovers its topology again through the agents.")
            .Produces<ErrorResponse>(404).Produces<ErrorResponse>(502);
        clusters.MapDelete(ServerRoutes.Cluster, async (string cluster, ClusterService service, CancellationToken cancellationToken) =>
            {
                await service.RemoveAsync(cluster, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("RemoveCluster").WithSummary("Removes a cluster, its tasks and their history (refused while a run is in progress).")
            .Produces<ErrorResponse>(404).Produces<ErrorResponse>(409);
        clusters.MapPost(ServerRoutes.Suspend, async (string cluster, ClusterService service, CancellationToken cancellationToken) =>
            {
                await service.SuspendAsync(cluster, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("SuspendCluster").WithSummary("Stops the cluster's run in progress and pauses its scheduling.").Produces<ErrorResponse>(404);
        clusters.MapPost(ServerRoutes.Resume, async (string cluster, ClusterService service, CancellationToken cancellationToken) =>
            {
                await service.ResumeAsync(cluster, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("ResumeCluster").WithSummary("Unpauses scheduling and continues the runs suspend stopped.").Produces<ErrorResponse>(404);

        var tasks = app.MapGroup(string.Empty).WithTags("tasks");
        tasks.MapGet(ServerRoutes.Tasks, (string cluster, TaskService service, CancellationToken cancellationToken) => service.ListAsync(cluster, cancellationToken))
            .WithName("ListTasks").WithSummary("The cluster's tasks with their newest run.").Produces<ErrorResponse>(404);
        tasks.MapPost(ServerRoutes.BackupTasks, async (string cluster, BackupTaskSpec spec, TaskService service, CancellationToken cancellationToken) =>
            {
                var task = await service.CreateBackupAsync(cluster, spec, cancellationToken).ConfigureAwait(false);
                return TypedResults.Created($"{ServerRoutes.Tasks.Replace("{cluster}", cluster, StringComparison.Ordinal)}/{task.Name}", task);
            })
            .WithName("CreateBackupTask").WithSummary("Creates a scheduled (cron or interval) or one-shot backup task.")
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(404).Produces<ErrorResponse>(409);
        tasks.MapPost(ServerRoutes.BackupDryRun, (string cluster, BackupTaskSpec spec, TaskService service, CancellationToken cancellationToken) =>
                service.DryRunAsync(cluster, spec, cancellationToken))
            .WithName("DryRunBackupTask").WithSummary("What a backup task would do: nodes, tables, bytes to upload, locations, limits, retention, next runs.")
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(404);
        tasks.MapGet(ServerRoutes.Task, (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
                service.GetAsync(cluster, task, cancellationToken))
            .WithName("GetTask").WithSummary("One task (by name or id) with its newest run.").Produces<ErrorResponse>(404);
        tasks.MapDelete(ServerRoutes.Task, async (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
            {
                await service.DeleteAsync(cluster, task, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("DeleteTask").WithSummary("Stops the task and removes it with its run history; backups in the location stay.").Produces<ErrorResponse>(404);
        tasks.MapGet(ServerRoutes.TaskProgress, (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
                service.ProgressAsync(cluster, task, cancellationToken))
            .WithName("GetTaskProgress").WithSummary("The newest run: per node and table bytes and files done, skipped, failed, rate and ETA.")
            .Produces<ErrorResponse>(404);
        tasks.MapGet(ServerRoutes.TaskRuns, (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
                service.RunsAsync(cluster, task, cancellationToken))
            .WithName("ListTaskRuns").WithSummary("The task's runs, newest first.").Produces<ErrorResponse>(404);
        tasks.MapPost(ServerRoutes.TaskStop, (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
                service.StopAsync(cluster, task, cancellationToken))
            .WithName("StopTask").WithSummary("Stops the task's run in progress and disables the task until start.").Produces<ErrorResponse>(404);
        tasks.MapPost(ServerRoutes.TaskStart, (string cluster, string task, TaskService service, CancellationToken cancellationToken) =>
                service.StartAsync(cluster, task, cancellationToken))
            .WithName("StartTask").WithSummary("Enables the task and runs it now, continuing its stopped run if it has one.").Produces<ErrorResponse>(404);

        app.MapGet(ServerRoutes.Metrics, (MetricsRegistry metrics) => TypedResults.Text(metrics.Scrape(), MetricsRegistry.ContentType))
            .WithName("Metrics").WithSummary("Prometheus metrics (text format 0.0.4); needs no token.").WithTags("metrics");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Amphora.Api.Server;

/// <summary>
/// The CLI's typed client for every route of <see cref="ServerRoutes"/>. Refusals (4xx) throw
/// <see cref="ServerRefusedException"/> with the server's message; an unreachable or failing server throws
/// <see cref="ServerUnavailableException"/>.
/// </summary>
public sealed class ServerClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private readonly HttpClient _http;

    /// <param name="token">The server's bearer token, when it requires one.</param>
    public ServerClient(Uri server, string? token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = server;
        _http.Timeout = TimeSpan.FromMinutes(5);
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri Server => _http.BaseAddress!;

    public Task<ClusterInfo> AddClusterAsync(ClusterRegistration registration, CancellationToken cancellationToken) =>
        SendAsync<ClusterInfo>(HttpMethod.Post, ServerRoutes.Clusters, registration, cancellationToken);

    public Task<IReadOnlyList<ClusterInfo>> ClustersAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<ClusterInfo>>(HttpMethod.Get, ServerRoutes.Clusters, null, cancellationToken);

    public Task<ClusterInfo> ClusterAsync(string cluster, bool refresh, CancellationToken cancellationToken) =>
        SendAsync<ClusterInfo>(HttpMethod.Get, Route(ServerRoutes.Cluster, cluster) + (refresh ? "?refresh=true" : string.Empty), null, cancellationToken);

    public Task RemoveClusterAsync(string cluster, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, Route(ServerRoutes.Cluster, cluster), null, cancellationToken);

    public Task SuspendAsync(string cluster, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Route(ServerRoutes.Suspend, cluster), null, cancellationToken);

    public Task ResumeAsync(string cluster, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Route(ServerRoutes.Resume, cluster), null, cancellationToken);

    public Task<IReadOnlyList<TaskInfo>> TasksAsync(string cluster, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<TaskInfo>>(HttpMethod.Get, Route(ServerRoutes.Tasks, cluster), null, cancellationToken);

    public Task<TaskInfo> CreateBackupTaskAsync(string cluster, BackupTaskSpec spec, CancellationToken cancellationToken) =>
        SendAsync<TaskInfo>(HttpMethod.Post, Route(ServerRoutes.BackupTasks, cluster), spec, cancellationToken);

    public Task<BackupDryRun> DryRunBackupTaskAsync(string cluster, BackupTaskSpec spec, CancellationToken cancellationToken) =>
        SendAsync<BackupDryRun>(HttpMethod.Post, Route(ServerRoutes.BackupDryRun, cluster), spec, cancellationToken);

    public Task<TaskInfo> TaskAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync<TaskInfo>(HttpMethod.Get, Route(ServerRoutes.Task, cluster, task), null, cancellationToken);

    public Task DeleteTaskAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, Route(ServerRoutes.Task, cluster, task), null, cancellationToken);

    public Task<RunInfo> ProgressAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync<RunInfo>(HttpMethod.Get, Route(ServerRoutes.TaskProgress, cluster, task), null, cancellationToken);

    public Task<IReadOnlyList<RunInfo>> RunsAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<RunInfo>>(HttpMethod.Get, Route(ServerRoutes.TaskRuns, cluster, task), null, cancellationToken);

    public Task<TaskInfo> StopTaskAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync<TaskInfo>(HttpMethod.Post, Route(ServerRoutes.TaskStop, cluster, task), null, cancellationToken);

    public Task<TaskInfo> StartTaskAsync(string cluster, string task, CancellationToken cancellationToken) =>
        SendAsync<TaskInfo>(HttpMethod.Post, Route(ServerRoutes.TaskStart, cluster, task), null, cancellationToken);

    /// <summary>The Prometheus text /metrics serves.</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Get, ServerRoutes.Metrics, null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static string Route(string template, string cluster, string? task = null)
    {
        var route = template.Replace("{cluster}", Uri.EscapeDataString(cluster), StringComparison.Ordinal);
        return task is null ? route : route.Replace("{task}", Uri.EscapeDataString(task), StringComparison.Ordinal);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string route, object? body, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(method, route, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new ServerUnavailableException($"the server at {Server} answered {route} with an empty body.");
    }

    private async Task SendAsync(HttpMethod method, string route, object? body, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(method, route, body, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, string route, object? body, CancellationToken cancellationToken)
    {
        // Routes start with '/': keep a base address's path prefix by making them relative.
        using var request = new HttpRequestMessage(method, new Uri(route.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ServerUnavailableException($"cannot reach the Amphora server at {Server}: {e.Message.TrimEnd('.')}. Is it running? Set --server or $AMPHORA_SERVER.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException($"the Amphora server at {Server} did not answer {route} in time.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ServerRefusedException(401, $"the server at {Server} refused the request: unauthorized. Give its token with --server-token or $AMPHORA_SERVER_TOKEN.");
            }

            if ((int)response.StatusCode is >= 400 and < 500)
            {
                throw new ServerRefusedException((int)response.StatusCode, message);
            }

            throw new ServerUnavailableException(message);
        }
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // Not ours (a proxy's page): fall through to the status.
        }

        return $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text[..Math.Min(200, text.Length)] : string.Empty)}";
    }
}

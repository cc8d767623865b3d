using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Amphora.Api.Agent;

/// <summary>
/// The server's side of an agent: <see cref="IAgentApi"/> over HTTPS with the bearer token, trusting the agent's certificate
/// only as <see cref="AgentPin"/> says. A refused token throws <see cref="UnauthorizedAccessException"/>, an unknown job
/// <see cref="AgentJobNotFoundException"/>, a conflicting job <see cref="InvalidOperationException"/>, any other refusal
/// <see cref="AgentRequestException"/> with the agent's message; an unreachable agent stays <see cref="HttpRequestException"/>.
/// </summary>
public sealed class AgentClient : IAgentApi, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly string _address;
    private string? _seenFingerprint;

    /// <param name="address">host:port of the agent.</param>
    /// <param name="token">The agent's bearer token.</param>
    /// <param name="pin">How to trust the agent's certificate; null: trust on first use (see <see cref="SeenFingerprint"/>).</param>
    public AgentClient(string address, string token, AgentPin? pin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _address = address;
        var trust = pin ?? AgentPin.TrustOnFirstUse;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var leaf = new X509Certificate2(certificate);
                    _seenFingerprint = AgentPin.FingerprintOf(leaf);
                    return trust.Accepts(leaf, errors);
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"https://{address}/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The SHA-256 of the certificate the agent presented last (what a trust-on-first-use server stores).</summary>
    public string? SeenFingerprint => _seenFingerprint;

    public Task<AgentNodeInfo> NodeAsync(CancellationToken cancellationToken) => SendAsync<AgentNodeInfo>(HttpMethod.Get, AgentRoutes.Node, null, cancellationToken);

    public Task TakeSnapshotAsync(SnapshotRequest request, CancellationToken cancellationToken) =>
        SendAsync<object?>(HttpMethod.Post, AgentRoutes.Snapshots, request, cancellationToken);

    public Task ClearSnapshotAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<object?>(HttpMethod.Delete, AgentRoutes.Snapshot.Replace("{name}", Uri.EscapeDataString(name), StringComparison.Ordinal), null, cancellationToken);

    public Task<IReadOnlyList<LocalSnapshotInfo>> SnapshotsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<LocalSnapshotInfo>>(HttpMethod.Get, AgentRoutes.Snapshots, null, cancellationToken);

    public Task<BackupPlan> PlanBackupAsync(BackupPlanRequest request, CancellationToken cancellationToken) =>
        SendAsync<BackupPlan>(HttpMethod.Post, AgentRoutes.BackupPlan, request, cancellationToken);

    public Task<JobStatus> StartBackupAsync(BackupJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Post, AgentRoutes.BackupJobs, request, cancellationToken);

    public Task<JobStatus> StartIncrementalAsync(IncrementalJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Post, AgentRoutes.IncrementalJobs, request, cancellationToken);

    public Task<JobStatus> StartCommitLogShipAsync(CommitLogShipJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Post, AgentRoutes.CommitLogShipJobs, request, cancellationToken);

    public Task<JobStatus> StartRestoreAsync(RestoreJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Post, AgentRoutes.RestoreJobs, request, cancellationToken);

    public Task<JobStatus> JobAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Get, JobPath(id), null, cancellationToken, id);

    public Task<JobStatus> CancelJobAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<JobStatus>(HttpMethod.Delete, JobPath(id), null, cancellationToken, id);

    /// <summary>The agent's metrics in Prometheus' text format.</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(AgentRoutes.Metrics.TrimStart('/'), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await ThrowUnlessSuccessAsync(response, null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static string JobPath(string id) => AgentRoutes.Job.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? jobId = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowUnlessSuccessAsync(response, jobId, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
        {
            return default!;
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new AgentRequestException($"agent {_address} answered {path} with an empty body.", response.StatusCode);
    }

    private async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string? jobId, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var message = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new UnauthorizedAccessException(
                $"agent {_address} refused the token (unauthorized); give the server the token in the agent's token_file."),
            HttpStatusCode.NotFound when jobId is not null => new AgentJobNotFoundException(jobId, _address),
            HttpStatusCode.Conflict => new InvalidOperationException($"agent {_address}: {message}"),
            _ => new AgentRequestException($"agent {_address} answered {(int)response.StatusCode}: {(message.Length > 0 ? message : response.ReasonPhrase)}", response.StatusCode),
        };
    }
}

using System.Net;
using System.Net.Http.Headers;
using Amphora.Api.Agent;

namespace Amphora.Tests.Agent;

/// <summary>Every route, /metrics included, answers only to the agent's bearer token; the refusal says nothing about why.</summary>
public sealed class AgentAuthenticationTests
{
    private static readonly (HttpMethod Method, string Path)[] Routes =
    [
        (HttpMethod.Get, AgentRoutes.Node),
        (HttpMethod.Get, AgentRoutes.Snapshots),
        (HttpMethod.Post, AgentRoutes.Snapshots),
        (HttpMethod.Delete, "/v1/snapshots/s1"),
        (HttpMethod.Post, AgentRoutes.BackupPlan),
        (HttpMethod.Post, AgentRoutes.BackupJobs),
        (HttpMethod.Post, AgentRoutes.IncrementalJobs),
        (HttpMethod.Post, AgentRoutes.CommitLogShipJobs),
        (HttpMethod.Post, AgentRoutes.RestoreJobs),
        (HttpMethod.Get, "/v1/jobs/j1"),
        (HttpMethod.Delete, "/v1/jobs/j1"),
        (HttpMethod.Get, AgentRoutes.Metrics),
        (HttpMethod.Get, "/v1/files/etc/passwd"),
    ];

    [Fact]
    public async Task A_missing_malformed_or_wrong_token_gets_401_unauthorized_on_every_route()
    {
        await using var bench = new AgentBench();
        await bench.StartAsync();
        using var http = bench.RawHttp();
        string?[] refused = [null, AgentBench.Token, "Basic " + AgentBench.Token, "Bearer", "Bearer ", "bearer " + AgentBench.Token,
            "Bearer " + AgentBench.Token[..^1], "Bearer " + AgentBench.Token + "x", "Bearer  " + AgentBench.Token];
        foreach (var (method, path) in Routes)
        {
            foreach (var authorization in refused)
            {
                using var request = new HttpRequestMessage(method, path.TrimStart('/'));
                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{authorization}' answered {response.StatusCode}");
                Assert.Equal("unauthorized", await response.Content.ReadAsStringAsync());
            }
        }

        // With the token, the same agent answers: an unknown route is 404 and the node route works.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AgentBench.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("v1/files/etc/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v1/node")).StatusCode);
    }

    [Fact]
    public async Task The_client_reports_a_refused_token_as_unauthorized_and_an_unknown_job_as_not_found()
    {
        await using var bench = new AgentBench();
        await bench.StartAsync();

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => bench.Client(token: "another-token-0123456789").NodeAsync(CancellationToken.None));
        Assert.Contains($"agent {bench.Address} refused the token (unauthorized)", refused.Message, StringComparison.Ordinal);

        var client = bench.Client();
        var node = await client.NodeAsync(CancellationToken.None);
        Assert.Equal(("Sandbox Cluster", "cassandra", bench.Backup.HostId()), (node.Cluster, node.Flavour, node.HostId));
        var unknown = await Assert.ThrowsAsync<AgentJobNotFoundException>(() => client.JobAsync("no-such-job", CancellationToken.None));
        Assert.Equal("no-such-job", unknown.JobId);
    }
}

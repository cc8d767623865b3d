using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amphora.Nodes.Scylla;

/// <summary>
/// A ScyllaDB node known by its scylla.yaml and controlled through Scylla's REST API (api_address:api_port, 10000 by
/// default), the API Scylla's own nodetool uses.
/// </summary>
public sealed partial class ScyllaRestNodeAdapter : INodeAdapter
{
    /// <summary>Shared by adapters given no client: no overall timeout, as a snapshot or a load can take long; connecting must be quick.</summary>
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly HttpClient _http;

    public ScyllaRestNodeAdapter(string scyllaYamlPath, Uri? apiUri = null, HttpClient? http = null)
    {
        Yaml = ScyllaYaml.Load(scyllaYamlPath);
        var baseUri = apiUri ?? Yaml.ApiUri;
        ApiUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _http = http ?? SharedHttp;
    }

    public ScyllaYaml Yaml { get; }

    /// <summary>The REST API's base address, ending in '/'.</summary>
    public Uri ApiUri { get; }

    public string Description => $"Scylla REST API {ApiUri.AbsoluteUri}";

    public IReadOnlyList<string> DataDirectories => Yaml.DataFileDirectories;

    public async Task<NodeIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        var hostId = Guid.Parse(await GetAsync<string>("storage_service/hostid/local", cancellationToken).ConfigureAwait(false));
        var datacenter = await GetAsync<string>("snitch/datacenter", cancellationToken).ConfigureAwait(false);
        var rack = await GetAsync<string>("snitch/rack", cancellationToken).ConfigureAwait(false);
        var endpoint = await EndpointOfAsync(hostId, cancellationToken).ConfigureAwait(false);
        var tokens = await GetAsync<List<string>>($"storage_service/tokens/{Uri.EscapeDataString(endpoint)}", cancellationToken).ConfigureAwait(false);
        var cluster = await GetAsync<string>("storage_service/cluster_name", cancellationToken).ConfigureAwait(false);
        var version = await GetAsync<string>("storage_service/scylla_release_version", cancellationToken).ConfigureAwait(false);
        var keyspaces = await GetAsync<List<string>>("storage_service/keyspaces", cancellationToken).ConfigureAwait(false);
        return new NodeIdentity(cluster, datacenter, rack, hostId, tokens, version, keyspaces);
    }

    /// <summary>The address the ring knows this node by: the entry of <c>/storage_service/host_id</c> holding its host id.</summary>
    private async Task<string> EndpointOfAsync(Guid hostId, CancellationToken cancellationToken)
    {
        var hosts = await GetAsync<List<KeyValue<string>>>("storage_service/host_id", cancellationToken).ConfigureAwait(false);
        return hosts.FirstOrDefault(h => Guid.TryParse(h.Value, out var id) && id == hostId)?.Key
            ?? throw new ScyllaApiException($"GET {ApiUri}storage_service/host_id", 200, $"the ring lists no endpoint with this node's host id {hostId}");
    }

    /// <summary>
    /// Flushes and snapshots (<c>sf=false</c>): whole keyspaces, or, when any entry is <c>keyspace.table</c>, only those tables
    /// (one request per keyspace, as Scylla takes tables of one keyspace at a time), like nodetool snapshot -kt.
    /// </summary>
    public async Task SnapshotAsync(string tag, IReadOnlyList<string> keyspaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyspaces);
        var tables = keyspaces.Where(k => k.Contains('.', StringComparison.Ordinal)).Select(k => k.Split('.', 2)).ToList();
        if (tables.Count == 0)
        {
            var kn = keyspaces.Count == 0 ? string.Empty : "&kn=" + Escape(string.Join(',', keyspaces));
            await SendAsync(HttpMethod.Post, $"storage_service/snapshots?tag={Escape(tag)}{kn}&sf=false", cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var keyspace in tables.GroupBy(t => t[0], StringComparer.Ordinal))
        {
            var cf = string.Join(',', keyspace.Select(t => t[1]));
            await SendAsync(HttpMethod.Post, $"storage_service/snapshots?tag={Escape(tag)}&kn={Escape(keyspace.Key)}&cf={Escape(cf)}&sf=false", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public Task ClearSnapshotAsync(string tag, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"storage_service/snapshots?tag={Escape(tag)}", cancellationToken);

    /// <summary>Every snapshot, per table, with its size on disk and true size (<c>GET /storage_service/snapshots</c>).</summary>
    public async Task<IReadOnlyList<ScyllaSnapshot>> ListSnapshotsAsync(CancellationToken cancellationToken)
    {
        var snapshots = await GetAsync<List<KeyValue<List<SnapshotTable>>>>("storage_service/snapshots", cancellationToken).ConfigureAwait(false);
        return snapshots.SelectMany(s => s.Value.Select(t => new ScyllaSnapshot(s.Key, t.Ks, t.Cf, t.Total, t.Live))).ToList();
    }

    /// <summary>The bytes all snapshots hold that no live SSTable shares (<c>GET /storage_service/snapshots/size/true</c>).</summary>
    public Task<long> TrueSnapshotsSizeAsync(CancellationToken cancellationToken) => GetAsync<long>("storage_service/snapshots/size/true", cancellationToken);

    /// <summary>True when the API answers; false when nothing listens (connection refused): the node is stopped.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetAsync<string>("storage_service/hostid/local", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ScyllaApiException e) when (e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            return false;
        }
    }

    /// <summary>
    /// Moves the SSTables found in the directories into the table's <c>upload/</c> directory and asks Scylla to load them
    /// (<c>POST /storage_service/sstables/{keyspace}?cf=</c>, as nodetool refresh does on Scylla); the directories are left
    /// empty of SSTables, as nodetool import leaves them. SSTables Scylla refused stay in upload/ and are named in the error.
    /// </summary>
    public async Task ImportAsync(string keyspace, string table, IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var upload = UploadDirectory(keyspace, table);
        Directory.CreateDirectory(upload);
        var moved = new List<string>();
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"{directory} does not exist: nothing to import into {keyspace}.{table}.");
            }

            foreach (var file in Directory.EnumerateFiles(directory).Where(f => SSTableComponentName().IsMatch(Path.GetFileName(f))).ToList())
            {
                var target = Path.Combine(upload, Path.GetFileName(file));
                if (File.Exists(target))
                {
                    throw new IOException($"{target} already exists: {upload} holds an SSTable of the same name; load or remove it first.");
                }

                File.Move(file, target);
                moved.Add(target);
            }
        }

        await LoadUploadedAsync(keyspace, table, cancellationToken).ConfigureAwait(false);
        var refused = moved.Where(File.Exists).ToList();
        if (refused.Count > 0)
        {
            throw new IOException(
                $"Scylla did not load {refused.Count} file(s) of {keyspace}.{table} from {upload}, e.g. {Path.GetFileName(refused[0])} (see its log); they are kept there.");
        }
    }

    /// <summary>Loads what sits in the table's <c>upload/</c> directory: on Scylla, nodetool refresh reads only that directory.</summary>
    public Task RefreshAsync(string keyspace, string table, CancellationToken cancellationToken) => LoadUploadedAsync(keyspace, table, cancellationToken);

    private Task LoadUploadedAsync(string keyspace, string table, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"storage_service/sstables/{Uri.EscapeDataString(keyspace)}?cf={Escape(table)}&load_and_stream=false", cancellationToken);

    /// <summary>
    /// <c>&lt;first data directory&gt;/&lt;keyspace&gt;/&lt;table&gt;-&lt;id&gt;/upload</c>, where Scylla loads from. A table dropped
    /// and re-created leaves its old directory behind: the most recently written one is the live table's.
    /// </summary>
    private string UploadDirectory(string keyspace, string table)
    {
        var keyspaceDirectory = Path.Combine(DataDirectories[0], keyspace);
        var tableDirectory = (Directory.Exists(keyspaceDirectory) ? Directory.EnumerateDirectories(keyspaceDirectory, table + "-*") : [])
            .Where(d => TableDirectoryName().IsMatch(Path.GetFileName(d)[(table.Length + 1)..]))
            .OrderByDescending(Directory.GetLastWriteTimeUtc)
            .FirstOrDefault()
            ?? throw new DirectoryNotFoundException(
                $"{keyspace}.{table} not found: {keyspaceDirectory} has no {table}-<id> directory. Create the table on the node first.");
        return Path.Combine(tableDirectory, "upload");
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private async Task<T> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await RequestAsync(HttpMethod.Get, pathAndQuery, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ScyllaApiException($"GET {ApiUri}{pathAndQuery}", (int)response.StatusCode, $"the answer is not the JSON this adapter expects: {e.Message}");
        }
    }

    /// <summary>Sends a request whose answer holds nothing this adapter needs.</summary>
    private async Task SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken) =>
        (await RequestAsync(method, pathAndQuery, cancellationToken).ConfigureAwait(false)).Dispose();

    /// <summary>Sends one request; a failure answer throws with Scylla's own message, an unreachable API with why.</summary>
    private async Task<HttpResponseMessage> RequestAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        var uri = new Uri(ApiUri, pathAndQuery);
        var request = $"{method} {uri}";
        HttpResponseMessage response;
        try
        {
            // A fresh connection per request: a kept-alive one outlives a restarted node and fails with a reset instead of
            // being refused, which would make a stopped node look broken rather than stopped. Amphora sends few requests.
            using var message = new HttpRequestMessage(method, uri) { Headers = { ConnectionClose = true } };
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ScyllaApiException(request, e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own timeout (connecting, or one the caller's HttpClient sets), not the caller cancelling.
            throw new ScyllaApiException(request, "no answer in time", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ScyllaApiException(request, (int)response.StatusCode, ErrorMessageOf(body, response.StatusCode));
        }
    }

    /// <summary>Scylla's <c>{"message": "...", "code": N}</c>; any other body as it is.</summary>
    private static string ErrorMessageOf(string body, HttpStatusCode status)
    {
        try
        {
            if (JsonSerializer.Deserialize<ErrorBody>(body, JsonOptions) is { Message: { Length: > 0 } message })
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // Not Scylla's error shape (a proxy's page, say): show it as it came.
        }

        return body.Length > 0 ? body : status.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record ErrorBody(string? Message, int Code);

    private sealed record KeyValue<T>(string Key, T Value);

    private sealed record SnapshotTable(string Ks, string Cf, long Total, long Live);

    /// <summary>SSTable component names: nb-1-big-Data.db, me-3gdq_0bki_2kfgw2tw0k6vbgwnbt-big-TOC.txt, oa-...-bti-Partitions.db.</summary>
    [GeneratedRegex(@"^[a-z]{2}-[A-Za-z0-9_]+-(big|bti)-[A-Za-z0-9_.]+$")]
    private static partial Regex SSTableComponentName();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TableDirectoryName();
}

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amphora.Storage.Azure;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage;

/// <summary>
/// The Azurite instance scripts/test-servers.sh started: its connection string, a container created once per run, and
/// signed raw requests for what the store does not expose (creating containers, reading block lists).
/// </summary>
internal static class AzureTestServer
{
    public const string Container = "amphora-test";

    private static readonly Lazy<Task> ContainerCreated = new(() => CreateContainerAsync(Container));

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AMPHORA_TEST_AZURE_CONNECTION_STRING") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "AMPHORA_TEST_AZURE_CONNECTION_STRING is not set: run the tests with ./scripts/test.sh, or eval \"$(scripts/test-servers.sh start)\" first.");

    public static AzureSettings Settings => new() { ConnectionString = ConnectionString };

    /// <summary>A store on the test container under the prefix, the container created first if need be.</summary>
    public static AzureBlobObjectStore Open(string prefix, TransferTuning tuning, int listPageSize = 5_000)
    {
        // Synchronous because the conformance suite opens stores synchronously; the container is created once.
        ContainerCreated.Value.GetAwaiter().GetResult();
        return new AzureBlobObjectStore($"azure:{Container}/{prefix}", Container, prefix, Settings, tuning) { ListPageSize = listPageSize };
    }

    /// <summary>Sends a signed request for a path under the account (e.g. "container/blob?comp=blocklist").</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body = null)
    {
        var account = AzureAccount.From(Settings);
        using var request = new HttpRequestMessage(method, new Uri(account.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery));
        request.Headers.TryAddWithoutValidation("x-ms-version", AzureLimits.ApiVersion);
        request.Headers.TryAddWithoutValidation("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        if (method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent(body ?? []);
        }

        await account.Authorizer.AuthorizeAsync(request, CancellationToken.None).ConfigureAwait(false);
        using var http = new HttpClient();
        return await http.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>An account SAS for blobs with the given permissions (e.g. "rl"), signed with the emulator's key.</summary>
    public static string AccountSas(string permissions)
    {
        var connection = ConnectionString.Split(';').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        const string version = "2024-11-04";
        const string expiry = "2099-01-01T00:00:00Z";
        // Account SAS string to sign since 2020-12-06: account, sp, ss, srt, st, se, sip, spr, sv, ses, each followed by a newline.
        var toSign = string.Join('\n', connection["AccountName"], permissions, "b", "sco", string.Empty, expiry, string.Empty, "https,http", version, string.Empty) + "\n";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(connection["AccountKey"]), Encoding.UTF8.GetBytes(toSign)));
        return $"sv={version}&ss=b&srt=sco&sp={permissions}&se={expiry}&spr=https,http&sig={Uri.EscapeDataString(signature)}";
    }

    private static async Task CreateContainerAsync(string container)
    {
        using var response = await SendAsync(HttpMethod.Put, container + "?restype=container").ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Azurite did not create container {container}: HTTP {(int)response.StatusCode}.");
        }
    }
}

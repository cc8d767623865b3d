using System.Net;
using System.Text;
using Amphora.Storage;
using Amphora.Storage.Gcs;
using Amphora.Storage.Transfers;
using Amphora.Tests.Support;

namespace Amphora.Tests.Storage;

/// <summary>What is GCS-specific: settings from the environment, CRC32C, credentials and the wording of failures.</summary>
public sealed class GcsObjectStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Crc32c_is_the_castagnoli_checksum_in_big_endian_base64()
    {
        // The CRC32C check value of "123456789" is 0xE3069283.
        Assert.Equal(Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]), Crc32C.Of("123456789"u8));
        var split = new Crc32C();
        split.Append("1234"u8);
        split.Append("56789"u8);
        Assert.Equal(Crc32C.Of("123456789"u8), split.ToBase64());
    }

    [Fact]
    public void The_environment_fills_only_what_the_settings_leave_unset()
    {
        var variables = new Dictionary<string, string>
        {
            ["STORAGE_EMULATOR_HOST"] = "127.0.0.1:9199",
            ["GOOGLE_APPLICATION_CREDENTIALS"] = "/etc/amphora/gcs.json",
        };
        var fromEnvironment = new GcsSettings().WithEnvironment(variables.GetValueOrDefault);
        Assert.Equal(new Uri("http://127.0.0.1:9199"), fromEnvironment.Endpoint);
        Assert.Equal("/etc/amphora/gcs.json", fromEnvironment.CredentialsFile);

        variables["AMPHORA_GCS_ENDPOINT"] = "http://localhost:4443";
        Assert.Equal(new Uri("http://localhost:4443"), new GcsSettings().WithEnvironment(variables.GetValueOrDefault).Endpoint);
        var explicitSettings = new GcsSettings { Endpoint = new Uri("http://10.0.0.1:1"), CredentialsFile = "/k.json" }.WithEnvironment(variables.GetValueOrDefault);
        Assert.Equal((new Uri("http://10.0.0.1:1"), "/k.json"), (explicitSettings.Endpoint, explicitSettings.CredentialsFile));
    }

    [Fact]
    public void A_missing_bucket_is_named_with_what_to_do()
    {
        var error = GcsErrors.Describe(HttpStatusCode.NotFound, "notFound", "The specified bucket does not exist.", "gcs:nope/p", "nope", "k", GcsErrors.Operation.Store, "advice");
        Assert.Contains("bucket nope does not exist: create it or fix --location", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Access_denied_names_the_permission_and_how_credentials_are_found()
    {
        var error = GcsErrors.Describe(
            HttpStatusCode.Forbidden, "forbidden", "backup@p.iam.gserviceaccount.com does not have storage.objects.list access.", "gcs:b/p", "b", null,
            GcsErrors.Operation.List, new GcsCredentials(credentialsFile: null).Advice);
        Assert.Contains("access denied for storage.objects.list on bucket b", error.Message, StringComparison.Ordinal);
        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.True(GcsErrors.Describe(HttpStatusCode.TooManyRequests, null, null, "gcs:b", "b", "k", GcsErrors.Operation.Read, "").IsTransient);
        Assert.True(GcsErrors.Describe(HttpStatusCode.ServiceUnavailable, null, null, "gcs:b", "b", "k", GcsErrors.Operation.Read, "").IsTransient);
    }

    [Fact]
    public void Service_messages_lose_the_query_strings_of_urls()
    {
        var (reason, message) = GcsErrors.ParseError("""{"error":{"code":400,"message":"bad session https://storage.googleapis.com/upload/storage/v1/b/b/o?upload_id=SECRET123 here","errors":[{"reason":"invalid"}]}}""");
        var error = GcsErrors.Describe(HttpStatusCode.BadRequest, reason, message, "gcs:b", "b", "k", GcsErrors.Operation.Store, "");
        Assert.DoesNotContain("SECRET123", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credentials_file_that_is_not_a_key_fails_without_quoting_it()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "key.json");
        await File.WriteAllTextAsync(file, """{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nNOTAKEYSECRET\n-----END PRIVATE KEY-----\n","client_email":"a@b.iam.gserviceaccount.com"}""");
        foreach (var path in new[] { file, Path.Combine(directory.Path, "missing.json") })
        {
            using var store = new GcsObjectStore("gcs:b/p", "b", "p", new GcsSettings { CredentialsFile = path }, TransferTuning.Default);
            var error = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", None));
            Assert.Contains("gcs:b/p", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("NOTAKEYSECRET", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("NOTAKEYSECRET", error.ToString(), StringComparison.Ordinal);
            Assert.False(error.IsTransient);
        }
    }

    [Fact]
    public async Task A_small_object_is_sent_once_and_a_ranged_read_counts_only_what_it_reads()
    {
        using var store = GcsTestServer.OpenStore("gcs-" + Guid.NewGuid().ToString("N")[..12], TransferTuning.Default);
        var bytes = Encoding.UTF8.GetBytes("checksummed");
        await store.PutAsync("c", UploadSource.FromBytes(bytes), None);
        Assert.Equal(bytes.Length, store.Statistics.BytesSent);
        await using var read = await store.OpenReadAsync("c", new ByteRange(3), None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes[3..], copy.ToArray());
        Assert.Equal(bytes.Length - 3, store.Statistics.BytesReceived);
    }
}

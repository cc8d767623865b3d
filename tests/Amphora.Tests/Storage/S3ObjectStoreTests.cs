using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.S3;
using Amphora.Storage;
using Amphora.Storage.S3;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage;

/// <summary>What is particular to S3 on s3rver: resume through the upload journal, conditional multipart puts, failures.</summary>
public sealed class S3ObjectStoreTests
{
    private static readonly TransferTuning SmallParts = new() { MinimumPartSize = 5 * PartLayout.MiB, PartParallelism = 2 };
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_interrupted_upload_is_journaled_beside_the_data_and_the_journal_goes_when_the_put_completes()
    {
        var folder = "s3tests-" + Guid.NewGuid().ToString("N")[..12];
        using var store = S3TestServer.Open(folder + "/inner", SmallParts);
        using var parent = S3TestServer.Open(folder, SmallParts);
        var bytes = RandomNumberGenerator.GetBytes((12 * PartLayout.MiB) + 7);
        var failing = UploadSource.FromStream(bytes.Length, () => new BreakingStream(bytes, breakAt: 11 * PartLayout.MiB));

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("content/ab/cd", failing, None));
        var journal = Assert.Single(await Keys(parent));
        Assert.StartsWith("inner/.amphora-uploads/", journal, StringComparison.Ordinal);
        Assert.Empty(await Keys(store));

        await store.PutAsync("content/ab/cd", UploadSource.FromBytes(bytes), None);
        Assert.Equal(2, store.Statistics.PartsResumed);
        Assert.Equal(["inner/content/ab/cd"], await Keys(parent));
        Assert.Equal(SHA256.HashData(bytes), await HashOf(store, "content/ab/cd"));
    }

    [Fact]
    public async Task A_journal_of_an_upload_cut_into_other_parts_is_replaced_and_nothing_is_reused()
    {
        var prefix = "s3tests-" + Guid.NewGuid().ToString("N")[..12];
        using var first = S3TestServer.Open(prefix, SmallParts);
        var bytes = RandomNumberGenerator.GetBytes(13 * PartLayout.MiB);
        var failing = UploadSource.FromStream(bytes.Length, () => new BreakingStream(bytes, breakAt: 11 * PartLayout.MiB));
        await Assert.ThrowsAsync<IOException>(() => first.PutAsync("k", failing, None));

        using var second = S3TestServer.Open(prefix, SmallParts with { MinimumPartSize = 6 * PartLayout.MiB });
        await second.PutAsync("k", UploadSource.FromBytes(bytes), None);

        Assert.Equal(0, second.Statistics.PartsResumed);
        Assert.Equal(bytes.Length, second.Statistics.BytesSent);
        Assert.Equal(SHA256.HashData(bytes), await HashOf(second, "k"));
    }

    [Fact]
    public async Task Put_if_absent_of_a_multipart_object_writes_once()
    {
        using var store = S3TestServer.Open("s3tests-" + Guid.NewGuid().ToString("N")[..12], SmallParts);
        var first = RandomNumberGenerator.GetBytes((11 * PartLayout.MiB) + 3);
        var second = RandomNumberGenerator.GetBytes(first.Length);

        Assert.True(await store.PutIfAbsentAsync("big", UploadSource.FromBytes(first), None));
        Assert.False(await store.PutIfAbsentAsync("big", UploadSource.FromBytes(second), None));

        Assert.Equal(first.Length, store.Statistics.BytesSent);
        Assert.Equal(SHA256.HashData(first), await HashOf(store, "big"));
    }

    [Fact]
    public async Task The_storage_class_applies_to_single_and_multipart_objects()
    {
        var prefix = "s3tests-" + Guid.NewGuid().ToString("N")[..12];
        using var store = new S3ObjectStore($"s3:{S3TestServer.Bucket}/{prefix}", S3TestServer.Bucket, prefix,
            S3TestServer.Settings with { StorageClass = "STANDARD_IA" }, SmallParts);
        await store.PutAsync("small", UploadSource.FromBytes(new byte[100]), None);
        await store.PutAsync("large", UploadSource.FromBytes(new byte[6 * PartLayout.MiB]), None);

        using var client = new AmazonS3Client(new AmazonS3Config { ServiceURL = S3TestServer.Endpoint.ToString(), ForcePathStyle = true });
        foreach (var key in new[] { "small", "large" })
        {
            var head = await client.GetObjectMetadataAsync(S3TestServer.Bucket, $"{prefix}/{key}", None);
            Assert.Equal(S3StorageClass.StandardInfrequentAccess, head.StorageClass);
        }
    }

    [Fact]
    public async Task A_missing_bucket_is_named_in_every_operation_and_is_not_transient()
    {
        var settings = S3TestServer.Settings;
        using var store = new S3ObjectStore("s3:amphora-no-such-bucket/x", "amphora-no-such-bucket", "x", settings, SmallParts);

        foreach (var operation in new Func<Task>[]
        {
            () => store.PutAsync("k", UploadSource.FromBytes("v"u8.ToArray()), None),
            () => store.OpenReadAsync("k", None),
            () => store.StatAsync("k", None),
            async () => await store.ListAsync("", None).ToListAsync(),
            () => store.DeleteAsync("k", None),
        })
        {
            var error = await Assert.ThrowsAsync<StorageException>(operation);
            Assert.Contains("s3:amphora-no-such-bucket/x", error.Message, StringComparison.Ordinal);
            Assert.Contains("bucket amphora-no-such-bucket does not exist (HTTP 404 NoSuchBucket)", error.Message, StringComparison.Ordinal);
            Assert.Contains("create it or fix --location", error.Message, StringComparison.Ordinal);
            Assert.False(error.IsTransient);
        }
    }

    [Fact]
    public async Task Refused_credentials_are_reported_as_such_without_the_secret()
    {
        var settings = S3TestServer.Settings with { Profile = S3TestServer.RefusedProfile };
        using var store = new S3ObjectStore($"s3:{S3TestServer.Bucket}/refused", S3TestServer.Bucket, "refused", settings, SmallParts);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync("k", UploadSource.FromBytes("v"u8.ToArray()), None));

        Assert.Contains("s3:PutObject on object refused/k", error.Message, StringComparison.Ordinal);
        Assert.Contains("the credentials were refused (HTTP 403 InvalidAccessKeyId)", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3TestServer.RefusedSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(S3TestServer.RefusedAccessKey, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_refused_connection_names_the_endpoint_and_is_transient()
    {
        var settings = S3TestServer.Settings with { Endpoint = new Uri($"http://127.0.0.1:{UnusedPort()}") };
        using var store = new S3ObjectStore("s3:b/p", "b", "p", settings, SmallParts);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", None));

        Assert.Contains($"{settings.Endpoint.GetLeftPart(UriPartial.Path)} refused the connection", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_a_permanent_failure()
    {
        var settings = S3TestServer.Settings with { Endpoint = new Uri("http://amphora-no-such-host.invalid:9000") };
        using var store = new S3ObjectStore("s3:b/p", "b", "p", settings, SmallParts);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", None));

        Assert.Contains("the host of http://amphora-no-such-host.invalid:9000/ could not be resolved", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_failed_tls_handshake_names_the_endpoint_and_is_permanent()
    {
        // s3rver speaks plain HTTP, so an https:// URL of its port fails the handshake.
        var endpoint = new UriBuilder(S3TestServer.Endpoint) { Scheme = "https" }.Uri;
        using var store = new S3ObjectStore("s3:b/p", "b", "p", S3TestServer.Settings with { Endpoint = endpoint }, SmallParts);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", None));

        Assert.Contains($"the TLS handshake with {endpoint.GetLeftPart(UriPartial.Path)} failed", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Cancellation_passes_through_unchanged()
    {
        using var store = S3TestServer.Open("s3tests-" + Guid.NewGuid().ToString("N")[..12], SmallParts);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("k", UploadSource.FromBytes(new byte[10]), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.StatAsync("k", cancelled.Token));
    }

    private static async Task<List<string>> Keys(S3ObjectStore store) =>
        await store.ListAsync("", None).Select(info => info.Key).ToListAsync();

    private static async Task<byte[]> HashOf(S3ObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, None);
        return await SHA256.HashDataAsync(stream);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A source that breaks partway, as a failing disk would.</summary>
    private sealed class BreakingStream(byte[] bytes, int breakAt) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= breakAt
                ? throw new IOException("disk read error")
                : base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, breakAt - Position)], cancellationToken);
    }
}

using System.Text;
using System.Xml.Linq;
using Amphora.Storage;
using Amphora.Storage.Azure;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage;

/// <summary>What is particular to the Azure Blob backend, on Azurite: block resume, conditional creates, pages, errors.</summary>
public sealed class AzureBlobObjectStoreTests : IDisposable
{
    private const int MiB = PartLayout.MiB;
    private static readonly TransferTuning OneMiBParts = new() { MinimumPartSize = MiB, PartParallelism = 2, Memory = new TransferMemory(16L * MiB) };
    private readonly string _prefix = "azure-tests-" + Guid.NewGuid().ToString("N")[..12];
    private readonly AzureBlobObjectStore _store;

    public AzureBlobObjectStoreTests() => _store = AzureTestServer.Open(_prefix, OneMiBParts);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task An_interrupted_put_is_resumed_from_its_uncommitted_blocks_and_leaves_none_behind()
    {
        var bytes = RandomBytes((6 * MiB) + 12_345);
        var failing = UploadSource.FromStream(bytes.Length, () => new FailingStream(bytes, failAfter: (4 * MiB) + 100));
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("big", failing, CancellationToken.None));
        Assert.Null(await _store.StatAsync("big", CancellationToken.None));

        using var resumer = AzureTestServer.Open(_prefix, OneMiBParts);
        await resumer.PutAsync("big", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.Equal(4, resumer.Statistics.PartsResumed);
        Assert.Equal(bytes.Length - (4L * MiB), resumer.Statistics.BytesSent);
        Assert.Equal(bytes, await ReadAll(resumer, "big", ByteRange.All));
        var blocks = await BlockListAsync("big");
        var committed = blocks.Root!.Element("CommittedBlocks")!.Elements("Block").Select(block => block.Element("Name")!.Value).ToList();
        Assert.Empty(blocks.Root!.Element("UncommittedBlocks")?.Elements("Block") ?? []);
        // Block ids say which part they hold and its MD5, so a resume can trust them, and all have the same length.
        var expected = Enumerable.Range(1, 7).Select(number =>
        {
            var part = bytes.AsSpan((number - 1) * MiB, Math.Min(MiB, bytes.Length - ((number - 1) * MiB)));
            return $"amphora-{number:D5}-{Convert.ToHexStringLower(TransportChecksum.Md5(part))}";
        });
        Assert.Equal(expected, committed.Select(id => Encoding.ASCII.GetString(Convert.FromBase64String(id))));
        Assert.Single(committed.Select(id => id.Length).Distinct());
    }

    [Fact]
    public async Task A_single_request_put_sends_the_bodys_md5_which_the_service_keeps()
    {
        var bytes = RandomBytes(5000);
        await _store.PutAsync("small", UploadSource.FromBytes(bytes), CancellationToken.None);

        using var response = await AzureTestServer.SendAsync(HttpMethod.Head, $"{AzureTestServer.Container}/{_prefix}/small");
        Assert.Equal(TransportChecksum.Md5(bytes), response.Content.Headers.ContentMD5);
    }

    [Fact]
    public async Task Uncommitted_blocks_with_other_bytes_are_not_reused()
    {
        var first = RandomBytes(3 * MiB);
        var second = RandomBytes(3 * MiB);
        var failing = UploadSource.FromStream(first.Length, () => new FailingStream(first, failAfter: (2 * MiB) + 1));
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("changed", failing, CancellationToken.None));

        using var other = AzureTestServer.Open(_prefix, OneMiBParts);
        await other.PutAsync("changed", UploadSource.FromBytes(second), CancellationToken.None);

        Assert.Equal(0, other.Statistics.PartsResumed);
        Assert.Equal(second.Length, other.Statistics.BytesSent);
        Assert.Equal(second, await ReadAll(other, "changed", ByteRange.All));
    }

    [Fact]
    public async Task An_uncommitted_block_whose_size_differs_from_the_part_is_sent_again()
    {
        var bytes = RandomBytes(2 * MiB);
        var firstPartId = BlockId.For(1, TransportChecksum.Md5(bytes.AsSpan(0, MiB)));
        var path = $"{AzureTestServer.Container}/{_prefix}/forged?comp=block&blockid={Uri.EscapeDataString(firstPartId)}";
        using (var forged = await AzureTestServer.SendAsync(HttpMethod.Put, path, body: bytes[..1000]))
        {
            forged.EnsureSuccessStatusCode();
        }

        await _store.PutAsync("forged", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.Equal(0, _store.Statistics.PartsResumed);
        Assert.Equal(bytes, await ReadAll(_store, "forged", ByteRange.All));
    }

    [Fact]
    public async Task A_multi_part_object_round_trips_and_replaces_the_old_one()
    {
        await _store.PutAsync("multi", UploadSource.FromBytes(RandomBytes(100)), CancellationToken.None);
        var bytes = RandomBytes((3 * MiB) + 7);
        await _store.PutAsync("multi", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.Equal(5, _store.Statistics.PartsSent);
        Assert.Equal(bytes, await ReadAll(_store, "multi", ByteRange.All));
        Assert.Equal(bytes.Length, (await _store.StatAsync("multi", CancellationToken.None))!.Size);
        Assert.Equal(bytes.Length, _store.Statistics.BytesReceived);
    }

    [Fact]
    public async Task Ranged_reads_are_cut_at_the_end_and_empty_past_it()
    {
        var bytes = RandomBytes(1000);
        await _store.PutAsync("ranged", UploadSource.FromBytes(bytes), CancellationToken.None);

        Assert.Equal(bytes[100..150], await ReadAll(_store, "ranged", new ByteRange(100, 50)));
        Assert.Equal(bytes[990..], await ReadAll(_store, "ranged", new ByteRange(990, 500)));
        Assert.Equal(bytes[900..], await ReadAll(_store, "ranged", new ByteRange(900)));
        Assert.Empty(await ReadAll(_store, "ranged", new ByteRange(1000)));
        Assert.Empty(await ReadAll(_store, "ranged", new ByteRange(5000, 10)));
        Assert.Empty(await ReadAll(_store, "ranged", new ByteRange(10, 0)));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.OpenReadAsync("absent", new ByteRange(10, 5), CancellationToken.None));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.OpenReadAsync("absent", new ByteRange(10, 0), CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_object_round_trips()
    {
        await _store.PutAsync("empty", UploadSource.FromBytes(Array.Empty<byte>()), CancellationToken.None);
        Assert.Empty(await ReadAll(_store, "empty", ByteRange.All));
        Assert.Empty(await ReadAll(_store, "empty", new ByteRange(0, 10)));
        Assert.Equal(0, (await _store.StatAsync("empty", CancellationToken.None))!.Size);
    }

    [Theory]
    [InlineData(10)]
    [InlineData((2 * MiB) + 10)]
    public async Task Put_if_absent_writes_once(int size)
    {
        var first = RandomBytes(size);
        Assert.True(await _store.PutIfAbsentAsync("once", UploadSource.FromBytes(first), CancellationToken.None));
        Assert.False(await _store.PutIfAbsentAsync("once", UploadSource.FromBytes(RandomBytes(size)), CancellationToken.None));
        Assert.Equal(first, await ReadAll(_store, "once", ByteRange.All));
    }

    [Fact]
    public async Task Listing_crosses_pages_in_ordinal_order_relative_to_the_prefix_and_hides_the_stores_own_keys()
    {
        using var paged = AzureTestServer.Open(_prefix, OneMiBParts, listPageSize: 400);
        var keys = Enumerable.Range(0, 1_050).Select(i => $"many/{i:x4}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, token) =>
            await paged.PutAsync(key, UploadSource.FromBytes("x"u8.ToArray()), token));
        using var own = AzureTestServer.Open(_prefix + "/.amphora-lock", OneMiBParts);
        await own.PutAsync("holder", UploadSource.FromBytes("me"u8.ToArray()), CancellationToken.None);
        await paged.PutAsync("manyx", UploadSource.FromBytes("y"u8.ToArray()), CancellationToken.None);

        var listed = await paged.ListAsync("many/", CancellationToken.None).ToListAsync();
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(info => info.Key));
        Assert.All(listed, info => Assert.Equal(1, info.Size));
        var everything = await paged.ListAsync(string.Empty, CancellationToken.None).Select(info => info.Key).ToListAsync();
        Assert.Equal(1_051, everything.Count);
        Assert.DoesNotContain(everything, key => key.StartsWith(".amphora", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_with_spaces_and_unicode_are_named_and_signed_correctly()
    {
        const string key = "dir with space/é+%#?&=ü.txt";
        await _store.PutAsync(key, UploadSource.FromBytes("ok"u8.ToArray()), CancellationToken.None);
        Assert.Equal("ok"u8.ToArray(), await ReadAll(_store, key, ByteRange.All));
        Assert.Equal([key], await _store.ListAsync("dir ", CancellationToken.None).Select(info => info.Key).ToListAsync());
        await _store.DeleteAsync(key, CancellationToken.None);
        await _store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await _store.StatAsync(key, CancellationToken.None));
    }

    [Theory]
    [InlineData("dir\\file")]
    [InlineData("dir./file")]
    [InlineData("dir/file.")]
    public async Task Keys_azure_would_change_are_refused(string key)
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, UploadSource.FromBytes("x"u8.ToArray()), CancellationToken.None));
        Assert.Contains("Azure turns", failure.Message, StringComparison.Ordinal);
        Assert.Null(await _store.ListAsync(string.Empty, CancellationToken.None).FirstOrDefaultAsync());
    }

    [Fact]
    public async Task Cancellation_comes_through_as_itself()
    {
        await _store.PutAsync("there", UploadSource.FromBytes("x"u8.ToArray()), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.StatAsync("there", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.OpenReadAsync("there", ByteRange.All, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.DeleteAsync("there", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _store.ListAsync(string.Empty, cancelled.Token).ToListAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutAsync("big", UploadSource.FromBytes(RandomBytes(3 * MiB)), cancelled.Token));
        Assert.NotNull(await _store.StatAsync("there", CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_container_is_named_with_what_to_do()
    {
        using var store = new AzureBlobObjectStore("azure:no-such-container", "no-such-container", string.Empty, AzureTestServer.Settings, OneMiBParts);

        var put = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync("k", UploadSource.FromBytes(new byte[] { 1 }), CancellationToken.None));
        var stat = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", CancellationToken.None));
        var list = await Assert.ThrowsAsync<StorageException>(async () => await store.ListAsync(string.Empty, CancellationToken.None).ToListAsync());

        foreach (var failure in new[] { put, stat, list })
        {
            Assert.Contains("container no-such-container does not exist in account devstoreaccount1: create it or fix --location", failure.Message, StringComparison.Ordinal);
            Assert.Contains("azure:no-such-container", failure.Message, StringComparison.Ordinal);
            Assert.False(failure.IsTransient);
        }

        Assert.Matches(@"\(HTTP 404 ContainerNotFound, request id [0-9a-f-]{36}\)\.$", put.Message);
    }

    [Fact]
    public async Task Refused_credentials_are_named_without_the_key()
    {
        const string wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";
        var connection = AzureTestServer.ConnectionString;
        var goodKey = connection.Split(';').Single(part => part.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        var settings = new AzureSettings { ConnectionString = connection.Replace(goodKey, wrongKey, StringComparison.Ordinal) };
        using var store = new AzureBlobObjectStore($"azure:{AzureTestServer.Container}", AzureTestServer.Container, _prefix, settings, OneMiBParts);

        var failure = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync("k", UploadSource.FromBytes(new byte[] { 1 }), CancellationToken.None));

        // Azurite says AuthorizationFailure where Azure says AuthenticationFailed; both messages name the refused credentials.
        Assert.Contains("could not write k: the credentials were refused", failure.Message, StringComparison.Ordinal);
        Assert.Contains("check the account key in the connection string", failure.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey[..12], failure.ToString(), StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task A_refused_sas_is_reported_without_its_signature()
    {
        const string signature = "c2VjcmV0LXNpZ25hdHVyZS1kby1ub3Qtc2hvdw%3D%3D";
        var settings = new AzureSettings
        {
            BlobEndpoint = AzureAccount.From(AzureTestServer.Settings).BlobEndpoint,
            SasToken = "?sv=2024-11-04&ss=b&srt=sco&sp=rl&se=2099-01-01T00:00:00Z&spr=https,http&sig=" + signature,
        };
        using var store = new AzureBlobObjectStore($"azure:{AzureTestServer.Container}", AzureTestServer.Container, _prefix, settings, OneMiBParts);

        var failure = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", CancellationToken.None));

        Assert.Contains("HTTP 403", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the SAS token (AZURE_STORAGE_SAS_TOKEN)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", failure.ToString(), StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task A_read_only_sas_reads_and_lists_but_a_write_names_the_missing_permission()
    {
        await _store.PutAsync("readable", UploadSource.FromBytes("r"u8.ToArray()), CancellationToken.None);
        var settings = new AzureSettings { BlobEndpoint = AzureAccount.From(AzureTestServer.Settings).BlobEndpoint, SasToken = AzureTestServer.AccountSas("rl") };
        using var reader = new AzureBlobObjectStore($"azure:{AzureTestServer.Container}/{_prefix}", AzureTestServer.Container, _prefix, settings, OneMiBParts);

        Assert.Equal("r"u8.ToArray(), await ReadAll(reader, "readable", ByteRange.All));
        Assert.Equal(["readable"], await reader.ListAsync(string.Empty, CancellationToken.None).Select(info => info.Key).ToListAsync());
        var failure = await Assert.ThrowsAsync<StorageException>(() => reader.PutAsync("k", UploadSource.FromBytes("w"u8.ToArray()), CancellationToken.None));

        Assert.Contains("could not write k: access denied", failure.Message, StringComparison.Ordinal);
        Assert.Contains("write permission (w in a SAS", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", failure.ToString(), StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var settings = new AzureSettings { AccountName = "devstoreaccount1", AccountKey = "a2V5", BlobEndpoint = new Uri("http://127.0.0.1:1/devstoreaccount1") };
        using var store = new AzureBlobObjectStore("azure:c-1", "c-1", string.Empty, settings, OneMiBParts);

        var failure = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync("k", CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("azure:c-1: could not look up k: could not connect to 127.0.0.1", failure.Message, StringComparison.Ordinal);
    }

    private async Task<XDocument> BlockListAsync(string key)
    {
        using var response = await AzureTestServer.SendAsync(HttpMethod.Get, $"{AzureTestServer.Container}/{_prefix}/{key}?comp=blocklist&blocklisttype=all");
        response.EnsureSuccessStatusCode();
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<byte[]> ReadAll(AzureBlobObjectStore store, string key, ByteRange range)
    {
        var stream = await store.OpenReadAsync(key, range, CancellationToken.None);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A source that dies after some bytes, like a process killed mid-upload.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("the disk went away");
            }

            var read = Math.Min(count, Math.Min(failAfter, bytes.Length) - _position);
            bytes.AsSpan(_position, read).CopyTo(buffer.AsSpan(offset));
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

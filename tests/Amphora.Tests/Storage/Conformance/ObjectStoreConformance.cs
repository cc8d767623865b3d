using System.Security.Cryptography;
using System.Text;
using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Storage.Conformance;

/// <summary>
/// The behaviour every backend owes the repository format. One derived class per backend, each against a real server
/// (started by scripts/test-servers.sh); a backend whose server is missing fails, it never skips.
/// </summary>
public abstract class ObjectStoreConformance
{
    /// <summary>Parts of 5 MiB (S3's smallest) so that "large" objects stay small enough for CI.</summary>
    protected static readonly TransferTuning SmallParts = new() { MinimumPartSize = 5 * PartLayout.MiB, PartParallelism = 3 };

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A store on the backend under test whose keys live under a prefix no other test uses.</summary>
    protected abstract IObjectStore OpenStore(string isolatedPrefix, TransferTuning tuning);

    protected IObjectStore NewStore() => OpenStore("conformance-" + Guid.NewGuid().ToString("N")[..12], SmallParts);

    [Fact]
    public async Task A_put_object_reads_back_at_once_with_its_size()
    {
        var store = NewStore();
        await PutText(store, "a/b/c.json", "first");
        Assert.Equal("first", await GetText(store, "a/b/c.json"));
        var info = await store.StatAsync("a/b/c.json", None);
        Assert.NotNull(info);
        Assert.Equal(("a/b/c.json", 5L), (info.Key, info.Size));
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task A_put_replaces_the_object_under_the_key()
    {
        var store = NewStore();
        await PutText(store, "k", "first, longer");
        await PutText(store, "k", "second");
        Assert.Equal("second", await GetText(store, "k"));
        Assert.Equal(6, (await store.StatAsync("k", None))!.Size);
    }

    [Fact]
    public async Task A_missing_object_is_not_found_on_read_null_on_stat_and_fine_to_delete()
    {
        var store = NewStore();
        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("no/such/key", None));
        Assert.Contains("no/such/key", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync("no/such/key", new ByteRange(2, 3), None));
        Assert.Null(await store.StatAsync("no/such/key", None));
        await store.DeleteAsync("no/such/key", None);
    }

    [Fact]
    public async Task A_deleted_object_is_gone_from_reads_and_listings()
    {
        var store = NewStore();
        await PutText(store, "d/1", "x");
        await PutText(store, "d/2", "y");
        await store.DeleteAsync("d/1", None);
        await store.DeleteAsync("d/1", None);
        Assert.Null(await store.StatAsync("d/1", None));
        Assert.Equal(["d/2"], await Keys(store, "d/"));
    }

    [Fact]
    public async Task Put_if_absent_writes_only_when_no_object_has_the_key()
    {
        var store = NewStore();
        Assert.True(await store.PutIfAbsentAsync("once", Text("one"), None));
        Assert.False(await store.PutIfAbsentAsync("once", Text("two"), None));
        Assert.Equal("one", await GetText(store, "once"));
    }

    [Fact]
    public async Task Listing_returns_every_key_under_the_prefix_at_any_depth_in_ordinal_order()
    {
        var store = NewStore();
        string[] keys = ["p/b", "p/a/deep/er/1", "p/a/2", "p/A", "p/a-b", "q/outside", "pp/not-a-child-of-p/"[..^1]];
        foreach (var key in keys)
        {
            await PutText(store, key, key);
        }

        var listed = await store.ListAsync("p/", None).ToListAsync();
        Assert.Equal(["p/A", "p/a-b", "p/a/2", "p/a/deep/er/1", "p/b"], listed.Select(info => info.Key));
        Assert.Equal("p/a/2".Length, listed.Single(info => info.Key == "p/a/2").Size);
        Assert.Equal(["p/A", "p/a-b", "p/a/2", "p/a/deep/er/1", "p/b", "pp/not-a-child-of-p", "q/outside"], await Keys(store, ""));
        Assert.Empty(await Keys(store, "nothing/"));
    }

    [Fact]
    public async Task Listing_pages_past_a_thousand_keys()
    {
        var store = NewStore();
        const int count = 1_050;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, cancellationToken) => await store.PutAsync($"many/{i:D5}", UploadSource.FromBytes(new byte[] { (byte)i }), cancellationToken));

        var listed = await Keys(store, "many/");
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"many/{i:D5}"), listed);
    }

    [Fact]
    public async Task Keys_with_spaces_percent_signs_pluses_and_unicode_round_trip()
    {
        var store = NewStore();
        string[] keys = ["backups/My%20Cluster/t 1/h+ost/é-ü.json", "odd/a=b&c;d,e@f~(g)!'*[h]"];
        foreach (var key in keys)
        {
            await PutText(store, key, key);
            Assert.Equal(key, await GetText(store, key));
            Assert.NotNull(await store.StatAsync(key, None));
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), await Keys(store, ""));
        foreach (var key in keys)
        {
            await store.DeleteAsync(key, None);
        }

        Assert.Empty(await Keys(store, ""));
    }

    [Fact]
    public async Task Ranged_reads_return_exactly_the_bytes_asked_for_and_stop_at_the_end()
    {
        var store = NewStore();
        var bytes = RandomBytes(1000);
        await store.PutAsync("r", UploadSource.FromBytes(bytes), None);

        Assert.Equal(bytes[100..350], await Get(store, "r", new ByteRange(100, 250)));
        Assert.Equal(bytes[990..], await Get(store, "r", new ByteRange(990)));
        Assert.Equal(bytes[900..], await Get(store, "r", new ByteRange(900, 500)));
        Assert.Equal(bytes[..1], await Get(store, "r", new ByteRange(0, 1)));
        Assert.Empty(await Get(store, "r", new ByteRange(1000, 10)));
        Assert.Equal(bytes, await Get(store, "r", ByteRange.All));
    }

    [Fact]
    public async Task An_empty_object_is_an_object()
    {
        var store = NewStore();
        await store.PutAsync("empty", UploadSource.FromBytes(Array.Empty<byte>()), None);
        Assert.Equal(0, (await store.StatAsync("empty", None))!.Size);
        Assert.Empty(await Get(store, "empty", ByteRange.All));
        Assert.Equal(["empty"], await Keys(store, ""));
    }

    [Fact]
    public virtual async Task A_large_object_goes_up_in_parts_and_reads_back_byte_for_byte()
    {
        var store = NewStore();
        var bytes = RandomBytes((17 * PartLayout.MiB) + 12345);
        var sentBefore = store.Statistics.BytesSent;
        await store.PutAsync("big", UploadSource.FromBytes(bytes), None);

        Assert.Equal(bytes.Length, (await store.StatAsync("big", None))!.Size);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await Get(store, "big", ByteRange.All)));
        // A range across the boundary between the first and second parts.
        var boundary = 5 * PartLayout.MiB;
        Assert.Equal(bytes[(boundary - 10)..(boundary + 10)], await Get(store, "big", new ByteRange(boundary - 10, 20)));
        Assert.Equal(bytes.Length, store.Statistics.BytesSent - sentBefore);
        Assert.Equal(["big"], await Keys(store, ""));
    }

    [Fact]
    public virtual async Task A_put_whose_source_fails_midway_leaves_the_old_object_and_the_next_put_resumes_it()
    {
        var store = NewStore();
        await PutText(store, "resumed", "old");
        var bytes = RandomBytes((17 * PartLayout.MiB) + 1);
        var failing = UploadSource.FromStream(bytes.Length, () => new FailingAfterStream(bytes, failAfter: 12 * PartLayout.MiB));

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("resumed", failing, None));
        Assert.Equal("old", await GetText(store, "resumed"));
        Assert.Equal(["resumed"], await Keys(store, ""));

        var sentBefore = store.Statistics.BytesSent;
        await store.PutAsync("resumed", UploadSource.FromBytes(bytes), None);

        Assert.True(store.Statistics.PartsResumed > 0, "the second put resumed none of the first one's parts");
        Assert.True(store.Statistics.BytesSent - sentBefore <= bytes.Length - (5 * PartLayout.MiB),
            $"the second put sent {store.Statistics.BytesSent - sentBefore} of {bytes.Length} bytes: it did not resume");
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await Get(store, "resumed", ByteRange.All)));
        Assert.Equal(["resumed"], await Keys(store, ""));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task A_source_of_the_wrong_length_fails_the_put_and_stores_nothing(int difference)
    {
        var store = NewStore();
        var bytes = RandomBytes(2000);
        var lying = UploadSource.FromStream(bytes.Length + difference, () => new MemoryStream(bytes));
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("wrong", lying, None));
        Assert.Null(await store.StatAsync("wrong", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("a/../b")]
    [InlineData("trailing/")]
    [InlineData(".amphora-uploads/x")]
    public async Task Invalid_and_reserved_keys_are_refused(string key)
    {
        var store = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, Text("x"), None));
    }

    protected static UploadSource Text(string text) => UploadSource.FromBytes(Encoding.UTF8.GetBytes(text));

    protected static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    protected static async Task<List<string>> Keys(IObjectStore store, string prefix) =>
        await store.ListAsync(prefix, None).Select(info => info.Key).ToListAsync();

    private static Task PutText(IObjectStore store, string key, string text) => store.PutAsync(key, Text(text), None);

    private static async Task<string> GetText(IObjectStore store, string key) =>
        Encoding.UTF8.GetString(await Get(store, key, ByteRange.All));

    private static async Task<byte[]> Get(IObjectStore store, string key, ByteRange range)
    {
        await using var stream = await store.OpenReadAsync(key, range, None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A source that breaks after some bytes, as a disk error or a killed process would.</summary>
    private sealed class FailingAfterStream(byte[] bytes, int failAfter) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new IOException("read error in the middle of the source");
            }

            return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}

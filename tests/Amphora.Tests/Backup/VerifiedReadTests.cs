using System.Security.Cryptography;
using Amphora.Core.Backup;
using Amphora.Core.Repository;

namespace Amphora.Tests.Backup;

/// <summary>A snapshot file read for upload fails at its end, before the store can commit it, unless it is the recorded bytes.</summary>
public sealed class VerifiedReadTests
{
    private static readonly byte[] Recorded = [.. Enumerable.Range(0, 3000).Select(i => (byte)i)];

    [Fact]
    public async Task The_recorded_bytes_read_through_and_are_counted()
    {
        var counter = new ReadCounter();
        using var stream = VerifiedRead.Open(new MemoryStream(Recorded), "/data/nb-1-big-Data.db", Hash(Recorded), Recorded.Length, counter);

        await stream.CopyToAsync(Stream.Null);

        Assert.Equal(Recorded.Length, counter.Bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Other_bytes_or_another_length_fail_at_the_end_naming_the_file(int change)
    {
        var actual = change switch
        {
            0 => [.. Recorded[..^1], (byte)(Recorded[^1] ^ 1)],
            < 0 => Recorded[..^1],
            _ => [.. Recorded, 0],
        };
        using var stream = VerifiedRead.Open(new MemoryStream(actual), "/data/nb-1-big-Data.db", Hash(Recorded), Recorded.Length, new ReadCounter());

        var error = await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Contains("/data/nb-1-big-Data.db changed while it was being backed up", error.Message, StringComparison.Ordinal);

        // A reader that ignores the failure and reads on is told again.
        await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
    }

    private static ContentHash Hash(byte[] bytes) => ContentHash.FromBytes(SHA256.HashData(bytes));
}

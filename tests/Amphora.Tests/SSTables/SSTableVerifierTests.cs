using System.Buffers.Binary;
using System.Globalization;
using Amphora.Core.SSTables.Verification;
using Amphora.Tests.Support;

namespace Amphora.Tests.SSTables;

/// <summary>
/// The offline verifier passes every real SSTable written by Cassandra 2.1 to 5.0, and names the file and the check for
/// each kind of damage the issue lists: a flipped bit anywhere in Data.db, a truncated Data.db, a missing component, a wrong
/// digest, a corrupted CompressionInfo.db and a CRC.db mismatch.
/// </summary>
public sealed class SSTableVerifierTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task Every_real_sstable_passes(string set, string prefix)
    {
        var result = await VerifyAsync(Path.Combine(RepositoryPaths.SSTableFixtures, set));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.EndsWith(prefix, result.Prefix, StringComparison.Ordinal);
        Assert.NotNull(result.Details.Statistics);
        Assert.True(result.Details.Compression is not null || result.Details.CrcSliceSize is not null);
    }

    [Theory]
    [InlineData("mc/keyspace1/compressed_bills", "mc", 65536, 2)]
    [InlineData("nb/input-four", "nb", 16384, 1)]
    [InlineData("oa/input-five", "oa", 16384, 1)]
    [InlineData("ka/keyspace1/auditlogsbyid", "ka", 65536, 1)]
    public async Task Details_show_the_version_compressor_and_chunks(string set, string version, int chunkLength, int chunks)
    {
        var details = (await VerifyAsync(Path.Combine(RepositoryPaths.SSTableFixtures, set))).Details;

        Assert.Equal(version, details.Version);
        Assert.Equal("LZ4Compressor", details.Compression!.Compressor);
        Assert.Equal(chunkLength, details.Compression.ChunkLength);
        Assert.Equal(chunks, details.Compression.ChunkCount);
        Assert.Equal(new FileInfo(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.SSTableFixtures, set), "*Data.db").Single()).Length, details.DataSize);
    }

    [Theory]
    [InlineData("nb/input-four", (uint)int.MaxValue)]
    [InlineData("oa/input-five", uint.MaxValue)]
    public async Task Time_bounds_match_an_independent_reading_of_statistics(string set, uint noDeletionTime)
    {
        var directory = Path.Combine(RepositoryPaths.SSTableFixtures, set);
        var expected = StatisticsReader.Read(Directory.EnumerateFiles(directory, "*Statistics.db").Single());

        var statistics = (await VerifyAsync(directory)).Details.Statistics!;

        Assert.Equal(expected.MinTimestamp, statistics.MinTimestamp);
        Assert.Equal(expected.MaxTimestamp, statistics.MaxTimestamp);
        Assert.Equal(expected.MinLocalDeletionTime == noDeletionTime ? null : expected.MinLocalDeletionTime, statistics.MinLocalDeletionTime);
        Assert.Equal(expected.MaxLocalDeletionTime == noDeletionTime ? null : expected.MaxLocalDeletionTime, statistics.MaxLocalDeletionTime);
    }

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task A_flipped_bit_anywhere_in_data_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var data = Path.Combine(directory, prefix + "Data.db");
        var original = await File.ReadAllBytesAsync(data);

        // Every byte position: the first, the last, chunk trailers and payloads; one bit each, restored after.
        for (var position = 0; position < original.Length; position++)
        {
            var damaged = (byte[])original.Clone();
            damaged[position] ^= (byte)(1 << (position % 8));
            await File.WriteAllBytesAsync(data, damaged);

            var result = await VerifyAsync(directory);

            Assert.Contains(result.Problems, p => p.Component.EndsWith(prefix + "Data.db", StringComparison.Ordinal) && p.Check == SSTableChecks.Digest);
            Assert.Contains(result.Problems, p => p.Component.EndsWith(prefix + "Data.db", StringComparison.Ordinal)
                && p.Check is SSTableChecks.ChunkChecksum or SSTableChecks.Crc);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task Data_truncated_by_one_byte_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var data = Path.Combine(directory, prefix + "Data.db");
        var bytes = await File.ReadAllBytesAsync(data);
        await File.WriteAllBytesAsync(data, bytes[..^1]);

        var result = await VerifyAsync(directory);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Component.EndsWith(prefix + "Data.db", StringComparison.Ordinal) && p.Check == SSTableChecks.Digest);
    }

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task Each_missing_component_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var components = (await File.ReadAllLinesAsync(Path.Combine(directory, prefix + "TOC.txt"))).Where(l => l.Length > 0).ToList();
        foreach (var component in components)
        {
            var path = Path.Combine(directory, prefix + component);
            var aside = path + ".aside";
            File.Move(path, aside);
            try
            {
                var result = await VerifyAsync(Path.Combine(directory, prefix + (component == "Data.db" ? "Index.db" : "Data.db")));

                Assert.Contains(result.Problems, p => p.Component.EndsWith(prefix + component, StringComparison.Ordinal) && p.Check == SSTableChecks.ComponentMissing);
            }
            finally
            {
                File.Move(aside, path);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task A_wrong_digest_value_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var digest = Directory.EnumerateFiles(directory, prefix + "Digest.*").Single();
        var value = uint.Parse(await File.ReadAllTextAsync(digest), CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(digest, (value ^ 1).ToString(CultureInfo.InvariantCulture));

        var result = await VerifyAsync(directory);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(SSTableChecks.Digest, problem.Check);
        Assert.Contains(Path.GetFileName(digest), problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FixtureSets.All), MemberType = typeof(FixtureSets))]
    public async Task An_unreadable_digest_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var digest = Directory.EnumerateFiles(directory, prefix + "Digest.*").Single();
        await File.WriteAllTextAsync(digest, "12ab");

        var problem = Assert.Single((await VerifyAsync(directory)).Problems);

        Assert.Equal(SSTableChecks.Digest, problem.Check);
        Assert.EndsWith(Path.GetFileName(digest), problem.Component, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FixtureSets.Compressed), MemberType = typeof(FixtureSets))]
    public async Task A_corrupted_compression_info_is_named(string set, string prefix)
    {
        var directory = FixtureSets.Copy(set, _work);
        var path = Path.Combine(directory, prefix + "CompressionInfo.db");
        var original = await File.ReadAllBytesAsync(path);
        var chunkOffsetsStart = original.Length - (8 * BinaryPrimitives.ReadInt32BigEndian(original.AsSpan(original.Length - 4 - (8 * ChunkCount(original)))));

        // Each damage: the chunk length, the uncompressed length, the chunk count, the first offset, the last byte, one byte cut.
        var damages = new List<byte[]>();
        foreach (var position in new[] { 2 + 13 + 4 + 1, original.Length - 1, chunkOffsetsStart - 2, chunkOffsetsStart })
        {
            var damaged = (byte[])original.Clone();
            damaged[position] ^= 0x40;
            damages.Add(damaged);
        }

        damages.Add(original[..^1]);
        foreach (var damaged in damages)
        {
            await File.WriteAllBytesAsync(path, damaged);

            var result = await VerifyAsync(directory);

            Assert.Contains(result.Problems, p => p.Check is SSTableChecks.CompressionInfo or SSTableChecks.ChunkOffsets or SSTableChecks.ChunkChecksum);
            Assert.All(result.Problems.Where(p => p.Check == SSTableChecks.CompressionInfo), p => Assert.EndsWith("CompressionInfo.db", p.Component, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_crc_mismatch_is_named()
    {
        const string set = "md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c";
        var directory = FixtureSets.Copy(set, _work);
        var crc = Path.Combine(directory, "md-1-big-CRC.db");
        var bytes = await File.ReadAllBytesAsync(crc);
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(crc, bytes);

        var problem = Assert.Single((await VerifyAsync(directory)).Problems);

        Assert.Equal(SSTableChecks.Crc, problem.Check);
        Assert.Contains("slice 0", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crc_file_with_too_many_checksums_is_named()
    {
        var directory = FixtureSets.Copy("md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c", _work);
        var crc = Path.Combine(directory, "md-1-big-CRC.db");
        await File.WriteAllBytesAsync(crc, [.. await File.ReadAllBytesAsync(crc), 0, 0, 0, 0]);

        var problem = Assert.Single((await VerifyAsync(directory)).Problems);

        Assert.Equal(SSTableChecks.Crc, problem.Check);
        Assert.EndsWith("md-1-big-CRC.db", problem.Component, StringComparison.Ordinal);
    }

    private static int ChunkCount(byte[] compressionInfo)
    {
        // Offsets fill the end of the file; the count is the i32 just before them. Find n with 4 + 8n bytes at the end.
        for (var n = 1; n < 1000; n++)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(compressionInfo.AsSpan(compressionInfo.Length - (8 * n) - 4)) == n)
            {
                return n;
            }
        }

        throw new InvalidOperationException("no chunk count found");
    }

    private static async Task<SSTableVerification> VerifyAsync(string path) =>
        await SSTableVerifier.VerifyAsync(LocalSSTables.Find([path]).Single(), CancellationToken.None);
}

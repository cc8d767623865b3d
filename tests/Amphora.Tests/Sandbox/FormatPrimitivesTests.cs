using Amphora.Core.Checksums;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>The sandbox's building blocks against real Cassandra values.</summary>
public sealed class FormatPrimitivesTests
{
    [Fact]
    public void Uuid_sstable_ids_encode_as_in_the_reference_example()
    {
        // 3gau_0a4e_1c5ko2q8hd3x0w3fm6 = 2023-11-06T03:38:38.224672Z (rounded to the microsecond) with LSB 0xb3705fb12c2361ce.
        Assert.True(SSTableId.TryParse("3gau_0a4e_1c5ko2q8hd3x0w3fm6", out var parsed));
        var instant = parsed!.UuidTimestampUtc!.Value;
        Assert.InRange((instant - new DateTime(2023, 11, 6, 3, 38, 38, 224, 672, DateTimeKind.Utc)).Duration(), TimeSpan.Zero, TimeSpan.FromTicks(10));
        var ticks = instant.Ticks - new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
        Assert.Equal("3gau_0a4e_1c5ko2q8hd3x0w3fm6", SSTableId.FromTicks(ticks, 0xb3705fb12c2361ceUL).Text);
    }

    [Fact]
    public void System_table_ids_are_name_based_uuids_of_keyspace_and_table()
    {
        Assert.Equal("7ad54392bcdd35a684174e047860b377", SystemKeyspaces.TableId("system", "local").ToString("N"));
        Assert.Equal("afddfb9dbc1e30688056eed6c302ba09", SystemKeyspaces.TableId("system_schema", "tables").ToString("N"));
    }

    [Fact]
    public void Bloom_filter_of_a_key_matches_the_bits_real_Cassandra_wrote()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "Filter.db");
        BloomFilter.Write(path, [[0, 0, 0, 1]]);
        var real = File.ReadAllBytes(Path.Combine(RepositoryPaths.SSTableFixtures, "nb", "input-four", "nb-1-big-Filter.db"));
        Assert.Equal(Convert.ToHexString(real), Convert.ToHexString(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Murmur3_token_matches_Cassandra_for_int_key_1()
    {
        Assert.Equal(-4069959284402364209L, Murmur3Token.Of([0, 0, 0, 1]));
    }

    [Fact]
    public void Crc32_and_adler32_match_zlib()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "data");
        var bytes = new byte[100_003];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(IndependentChecks.ZlibCrc32(path), Crc32.Compute(bytes));
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Compressed_chunks_end_with_the_crc32_of_the_length_prefixed_lz4_block_as_in_real_files()
    {
        // Real nb Data.db: one chunk = LE length + LZ4 block, then BE CRC32 over both.
        var data = File.ReadAllBytes(Path.Combine(RepositoryPaths.SSTableFixtures, "nb", "input-four", "nb-1-big-Data.db"));
        var stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(data.Length - 4));
        Assert.Equal(stored, Crc32.Compute(data.AsSpan(0, data.Length - 4)));
        var output = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data)];
        Assert.Equal(output.Length, Amphora.Core.Compression.Lz4Block.Decompress(data.AsSpan(4, data.Length - 8), output));
    }
}

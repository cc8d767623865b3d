namespace Amphora.Sandbox.Storage;

/// <summary>
/// Filter.db as Cassandra 4.0+ serializes a bloom filter: i32 hash count, i32 count of 64-bit words, then the bit set's
/// raw memory (bit i in byte i/8). Bits are chosen as Cassandra does: Murmur3 128, base = h[1], step = h[0].
/// </summary>
public static class BloomFilter
{
    // BloomCalculations for bloom_filter_fp_chance 0.01: 10 buckets per element and 5 hashes; 20 bits of excess.
    private const int BucketsPerElement = 10;
    private const int HashCount = 5;
    private const int BitsetExcess = 20;

    public static void Write(string path, IReadOnlyList<byte[]> keys)
    {
        var bitCount = ((long)keys.Count * BucketsPerElement) + BitsetExcess;
        var bytes = new byte[((bitCount + 63) / 64) * 8];
        bitCount = bytes.Length * 8L;
        foreach (var key in keys)
        {
            var (h1, h2) = Murmur3Token.Hash128(key);
            var position = (long)h2;
            for (var i = 0; i < HashCount; i++)
            {
                var bit = Math.Abs(position % bitCount);
                bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                position += (long)h1;
            }
        }

        using var output = new BufferedStream(File.Create(path));
        var writer = new BigEndianWriter(output);
        writer.WriteInt32(HashCount);
        writer.WriteInt32(bytes.Length / 8);
        output.Write(bytes);
    }
}

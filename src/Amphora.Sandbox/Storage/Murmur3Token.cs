using System.Buffers.Binary;
using System.Numerics;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// Murmur3Partitioner tokens, computed as Cassandra does (MurmurHash.hash3_x64_128 with seed 0, first long,
/// Long.MIN_VALUE mapped to Long.MAX_VALUE). Cassandra's version sign-extends the tail bytes; so does this one.
/// </summary>
public static class Murmur3Token
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    public static long Of(ReadOnlySpan<byte> key)
    {
        var (h1, _) = Hash128(key);
        var token = (long)h1;
        return token == long.MinValue ? long.MaxValue : token;
    }

    public static (ulong H1, ulong H2) Hash128(ReadOnlySpan<byte> key)
    {
        ulong h1 = 0;
        ulong h2 = 0;
        var blocks = key.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(i * 16, 8));
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(key.Slice((i * 16) + 8, 8));
            k1 *= C1; k1 = BitOperations.RotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            h1 = BitOperations.RotateLeft(h1, 27); h1 += h2; h1 = (h1 * 5) + 0x52dce729;
            k2 *= C2; k2 = BitOperations.RotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            h2 = BitOperations.RotateLeft(h2, 31); h2 += h1; h2 = (h2 * 5) + 0x38495ab5;
        }

        var tail = key[(blocks * 16)..];
        ulong t1 = 0;
        ulong t2 = 0;
        for (var i = tail.Length - 1; i >= 8; i--)
        {
            t2 ^= (ulong)(long)(sbyte)tail[i] << ((i - 8) * 8);
        }

        if (tail.Length > 8)
        {
            t2 *= C2; t2 = BitOperations.RotateLeft(t2, 33); t2 *= C1; h2 ^= t2;
        }

        for (var i = Math.Min(tail.Length, 8) - 1; i >= 0; i--)
        {
            t1 ^= (ulong)(long)(sbyte)tail[i] << (i * 8);
        }

        if (tail.Length > 0)
        {
            t1 *= C1; t1 = BitOperations.RotateLeft(t1, 31); t1 *= C2; h1 ^= t1;
        }

        h1 ^= (ulong)key.Length;
        h2 ^= (ulong)key.Length;
        h1 += h2;
        h2 += h1;
        h1 = Mix(h1);
        h2 = Mix(h2);
        h1 += h2;
        h2 += h1;
        return (h1, h2);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}

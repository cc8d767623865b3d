using System.Text;
using Amphora.Core.Compression;

namespace Amphora.Tests.Compression;

public class Lz4BlockTests
{
    [Fact]
    public void MaxCompressedLengthMatchesLz4CompressBound()
    {
        Assert.Equal(16, Lz4Block.MaxCompressedLength(0));
        Assert.Equal(17, Lz4Block.MaxCompressedLength(1));
        Assert.Equal(255 + 1 + 16, Lz4Block.MaxCompressedLength(255));
        Assert.Equal(65536 + 257 + 16, Lz4Block.MaxCompressedLength(65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lz4Block.MaxCompressedLength(-1));
    }

    [Fact]
    public void RoundTripsEmptyInput()
    {
        var compressed = RoundTrip([]);

        // The reference encoder emits a single zero token for an empty block.
        Assert.Equal(new byte[] { 0x00 }, compressed);
    }

    [Fact]
    public void RoundTripsSingleByte()
    {
        var compressed = RoundTrip([0x61]);
        Assert.Equal(new byte[] { 0x10, 0x61 }, compressed);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Hello")]
    [InlineData("abcdefghijkl")]
    [InlineData("abcdefghijklm")]
    [InlineData("aaaaaaaaaaaaa")]
    [InlineData("abcabcabcabcabcabcabcabc")]
    [InlineData("The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.")]
    public void RoundTripsShortInputs(string text)
    {
        RoundTrip(Encoding.ASCII.GetBytes(text));
    }

    [Fact]
    public void RoundTripsEveryLengthUpTo300()
    {
        var random = new Random(7);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];

            // Small alphabet so matches of all sizes occur near the end-of-block limits.
            for (var i = 0; i < length; i++)
            {
                data[i] = (byte)('a' + random.Next(3));
            }

            RoundTrip(data);
        }
    }

    [Fact]
    public void CompressesHighlyRepetitiveInput()
    {
        var data = new byte[100_000];
        Array.Fill(data, (byte)'z');

        var compressed = RoundTrip(data);

        // One literal plus one long match: about length / 255 extension bytes.
        Assert.True(compressed.Length < 500, $"compressed to {compressed.Length} bytes");
    }

    [Fact]
    public void CompressesRepeatedPhrase()
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("Cassandra SSTable chunk ", 2000)));

        var compressed = RoundTrip(data);

        Assert.True(compressed.Length < data.Length / 50, $"compressed to {compressed.Length} bytes");
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 1000)]
    [InlineData(3, 65536)]
    [InlineData(4, 100_003)]
    public void RoundTripsRandomInput(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);

        var compressed = RoundTrip(data);

        Assert.True(compressed.Length <= Lz4Block.MaxCompressedLength(length));
    }

    [Fact]
    public void RoundTripsMixed200KiBInput()
    {
        var data = BuildMixedInput(200 * 1024, seed: 42);

        var compressed = RoundTrip(data);

        Assert.True(compressed.Length < data.Length, $"compressed to {compressed.Length} bytes");
    }

    [Fact]
    public void UsesMatchesAtTheMaximumOffsetButNotBeyond()
    {
        var random = new Random(11);

        // A repeat exactly 65535 bytes back is reachable with a 16-bit offset.
        var reachable = new byte[65535 * 2];
        random.NextBytes(reachable.AsSpan(0, 65535));
        reachable.AsSpan(0, 65535).CopyTo(reachable.AsSpan(65535));
        var compressed = RoundTrip(reachable);
        Assert.True(compressed.Length < 70_000, $"compressed to {compressed.Length} bytes");

        // A repeat 65536 bytes back is not; the output must still be valid.
        var unreachable = new byte[65536 * 2];
        random.NextBytes(unreachable.AsSpan(0, 65536));
        unreachable.AsSpan(0, 65536).CopyTo(unreachable.AsSpan(65536));
        RoundTrip(unreachable);
    }

    [Fact]
    public void CompressThrowsWhenDestinationIsTooSmall()
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        var destination = new byte[500];

        Assert.Throws<ArgumentException>(() => Lz4Block.Compress(data, destination));
    }

    [Fact]
    public void CompressReportsLengthAndLeavesRestOfDestinationUntouched()
    {
        var data = Encoding.ASCII.GetBytes("Hello");
        var destination = new byte[64];
        Array.Fill(destination, (byte)0xEE);

        var length = Lz4Block.Compress(data, destination);

        Assert.Equal(6, length);
        Assert.All(destination[length..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void DecodesHandWrittenLiteralOnlyBlock()
    {
        // Token 0x50: 5 literals, no match (the last sequence).
        byte[] block = [0x50, (byte)'H', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];

        Assert.Equal("Hello", DecompressToString(block, 5));
    }

    [Fact]
    public void DecodesHandWrittenBlockWithOverlappingMatch()
    {
        // "abc" x 8 as the reference LZ4 encoder writes it:
        // token 0x3C (3 literals, match length 12 + 4 = 16), "abc", offset 3 (overlaps its own output),
        // then token 0x50 with the 5 final literals "bcabc".
        byte[] block = [0x3C, (byte)'a', (byte)'b', (byte)'c', 0x03, 0x00, 0x50, (byte)'b', (byte)'c', (byte)'a', (byte)'b', (byte)'c'];

        Assert.Equal(string.Concat(Enumerable.Repeat("abc", 8)), DecompressToString(block, 24));
    }

    [Fact]
    public void DecodesRunLengthMatchWithOffsetOne()
    {
        // "x", then a match of offset 1 and length 4 + 15 + 255 + 10 = 284, then 5 literals.
        byte[] block = [0x1F, (byte)'x', 0x01, 0x00, 0xFF, 0x0A, 0x50, (byte)'x', (byte)'x', (byte)'x', (byte)'x', (byte)'x'];

        Assert.Equal(new string('x', 290), DecompressToString(block, 290));
    }

    [Fact]
    public void DecodesExtendedLiteralLength()
    {
        // 300 literals: 15 in the token, then 255 + 30 in extension bytes.
        var literals = new byte[300];
        new Random(3).NextBytes(literals);
        byte[] block = [0xF0, 0xFF, 0x1E, .. literals];

        var output = new byte[300];
        Assert.Equal(300, Lz4Block.Decompress(block, output));
        Assert.Equal(literals, output);
    }

    [Fact]
    public void DecodesBlockProducedByReferenceLz4()
    {
        // LZ4_compress_default (liblz4 1.9.4) of the fox sentence x3, 300 zero bytes and "END":
        // exercises extended literal and match lengths and an offset-1 run.
        var block = Convert.FromHexString(
            "ff1e54686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e20"
            + "2d00471f000100ff17500000454e44");
        var expected = Encoding.ASCII.GetBytes(
            string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 3)))
            .Concat(new byte[300])
            .Concat(Encoding.ASCII.GetBytes("END"))
            .ToArray();

        var output = new byte[expected.Length];
        Assert.Equal(expected.Length, Lz4Block.Decompress(block, output));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void DecompressIntoLargerBufferReturnsActualLength()
    {
        byte[] block = [0x50, (byte)'H', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        var output = new byte[100];

        Assert.Equal(5, Lz4Block.Decompress(block, output));
    }

    [Fact]
    public void RejectsZeroOffset()
    {
        byte[] block = [0x10, (byte)'a', 0x00, 0x00, 0x00];
        AssertMalformed(block, 64, "offset is 0");
    }

    [Fact]
    public void RejectsOffsetBeyondOutput()
    {
        byte[] block = [0x10, (byte)'a', 0x02, 0x00, 0x00];
        AssertMalformed(block, 64, "before the start of the output");
    }

    [Fact]
    public void RejectsTruncatedLiteralRun()
    {
        byte[] block = [0x50, (byte)'a', (byte)'b'];
        AssertMalformed(block, 64, "runs past the end of the block");
    }

    [Fact]
    public void RejectsLiteralsThatDoNotFitTheOutput()
    {
        byte[] block = [0x50, (byte)'H', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        AssertMalformed(block, 3, "overflows the output buffer");
    }

    [Fact]
    public void RejectsMatchThatDoesNotFitTheOutput()
    {
        byte[] block = [0x3C, (byte)'a', (byte)'b', (byte)'c', 0x03, 0x00, 0x50, (byte)'b', (byte)'c', (byte)'a', (byte)'b', (byte)'c'];
        AssertMalformed(block, 10, "overflows the output buffer");
    }

    [Fact]
    public void RejectsEmptyBlock()
    {
        AssertMalformed([], 64, "empty");
    }

    [Fact]
    public void RejectsBlockEndingWithMatch()
    {
        byte[] block = [0x10, (byte)'a', 0x01, 0x00];
        AssertMalformed(block, 64, "last sequence must contain only literals");
    }

    [Fact]
    public void RejectsTruncatedOffset()
    {
        byte[] block = [0x10, (byte)'a', 0x01];
        AssertMalformed(block, 64, "match offset");
    }

    [Theory]
    [InlineData(new byte[] { 0xF0 })]
    [InlineData(new byte[] { 0xF0, 0xFF })]
    [InlineData(new byte[] { 0x1F, 0x61, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x1F, 0x61, 0x01, 0x00, 0xFF, 0xFF })]
    public void RejectsTruncatedLengthExtension(byte[] block)
    {
        AssertMalformed(block, 1 << 16, "length");
    }

    [Fact]
    public void RejectsLengthThatWouldOverflowInt()
    {
        // 9 million 255-bytes add up to more than int.MaxValue: must fail cleanly, not wrap around.
        var block = new byte[9_000_000];
        block.AsSpan().Fill(0xFF);
        block[0] = 0xF0;

        AssertMalformed(block, 64, "literal length at input offset");
    }

    [Fact]
    public void TruncatedOrCorruptedBlocksOnlyEverThrowInvalidDataException()
    {
        var data = BuildMixedInput(4096, seed: 9);
        var compressed = Compress(data);
        var output = new byte[data.Length];

        for (var length = 0; length < compressed.Length; length++)
        {
            DecompressOrInvalidData(compressed.AsSpan(0, length), output);
        }

        var random = new Random(13);
        for (var trial = 0; trial < 2000; trial++)
        {
            var corrupt = (byte[])compressed.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            DecompressOrInvalidData(corrupt, output);
        }

        for (var trial = 0; trial < 2000; trial++)
        {
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            DecompressOrInvalidData(garbage, output);
        }
    }

    private static byte[] RoundTrip(byte[] data)
    {
        var compressed = Compress(data);
        AssertFollowsEndOfBlockRules(compressed, data.Length);

        var output = new byte[data.Length];
        var written = Lz4Block.Decompress(compressed, output);

        Assert.Equal(data.Length, written);
        Assert.Equal(data, output);
        return compressed;
    }

    private static byte[] Compress(byte[] data)
    {
        var buffer = new byte[Lz4Block.MaxCompressedLength(data.Length)];
        var length = Lz4Block.Compress(data, buffer);
        Assert.InRange(length, 1, buffer.Length);
        return buffer[..length];
    }

    // An independent parse of the block checking the rules strict decoders (LZ4_decompress_safe) enforce:
    // the last 5 bytes are literals and the last match starts at least 12 bytes before the end.
    private static void AssertFollowsEndOfBlockRules(byte[] block, int decompressedLength)
    {
        var ip = 0;
        var op = 0;
        while (true)
        {
            var token = block[ip++];
            var literals = ReadLength(block, ref ip, token >> 4);
            ip += literals;
            op += literals;
            if (ip == block.Length)
            {
                break;
            }

            ip += 2;
            var matchLength = ReadLength(block, ref ip, token & 15) + 4;
            Assert.True(op <= decompressedLength - 12, $"match starts at {op}, within the last 12 bytes of {decompressedLength}");
            op += matchLength;
            Assert.True(op <= decompressedLength - 5, $"match ends at {op}, within the last 5 bytes of {decompressedLength}");
        }

        Assert.Equal(decompressedLength, op);
    }

    private static int ReadLength(byte[] block, ref int ip, int length)
    {
        if (length != 15)
        {
            return length;
        }

        byte b;
        do
        {
            b = block[ip++];
            length += b;
        }
        while (b == 255);

        return length;
    }

    private static void DecompressOrInvalidData(ReadOnlySpan<byte> block, byte[] output)
    {
        try
        {
            var written = Lz4Block.Decompress(block, output);
            Assert.InRange(written, 0, output.Length);
        }
        catch (InvalidDataException)
        {
            // Expected for most corruptions; anything else (IndexOutOfRange, overflow) fails the test.
        }
    }

    private static void AssertMalformed(byte[] block, int outputLength, string messagePart)
    {
        var output = new byte[outputLength];
        var exception = Assert.Throws<InvalidDataException>(() => Lz4Block.Decompress(block, output));
        Assert.Contains(messagePart, exception.Message, StringComparison.Ordinal);
    }

    private static string DecompressToString(byte[] block, int length)
    {
        var output = new byte[length];
        var written = Lz4Block.Decompress(block, output);
        Assert.Equal(length, written);
        return Encoding.ASCII.GetString(output);
    }

    // Random, text, zero and run segments, with repeats both inside and beyond the 64 KiB window.
    private static byte[] BuildMixedInput(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        var text = Encoding.ASCII.GetBytes("partition key | clustering | cell value | tombstone | ");
        var position = 0;
        while (position < length)
        {
            var segment = Math.Min(random.Next(1, 3000), length - position);
            var target = data.AsSpan(position, segment);
            switch (random.Next(5))
            {
                case 0:
                    random.NextBytes(target);
                    break;
                case 1:
                    for (var i = 0; i < segment; i++)
                    {
                        target[i] = text[(i + position) % text.Length];
                    }

                    break;
                case 2:
                    target.Clear();
                    break;
                case 3:
                    target.Fill((byte)random.Next(256));
                    break;
                default:
                    if (position > segment)
                    {
                        var from = random.Next(0, position - segment);
                        data.AsSpan(from, segment).CopyTo(target);
                    }
                    else
                    {
                        random.NextBytes(target);
                    }

                    break;
            }

            position += segment;
        }

        return data;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Amphora.Core.Checksums;
using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Real md SSTables with Data.db and its chunk index rewritten into many small chunks or slices (valid, digest included):
/// the fixtures have at most two chunks and one slice, too few for offsets that go backwards or skip ahead mid-file.
/// </summary>
public static class SyntheticSSTables
{
    private const int ChunkLength = 16;
    private const int SliceSize = 16;

    private static readonly Lazy<IReadOnlyList<FixtureSSTable>> Built = new(() =>
    [
        .. FixtureCorpus.Sets,
        EightChunks(FixtureCorpus.Set("md-compressed/SSTableLoaderTest/Standard1")),
        SevenSlices(FixtureCorpus.Set("md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c")),
    ]);

    /// <summary>The seven fixture SSTables and the synthetic ones, for the verifier's fuzzing and regression cases.</summary>
    public static IReadOnlyList<FixtureSSTable> AndFixtures => Built.Value;

    public static FixtureSSTable Find(string directory) => AndFixtures.Single(s => s.Directory == directory);

    private static FixtureSSTable EightChunks(FixtureSSTable basis)
    {
        // Payloads of 1 to 12 bytes stand for compressed chunks: the verifier checks their trailers, it never decompresses.
        var random = new Random(8);
        using var data = new MemoryStream();
        var offsets = new long[8];
        for (var chunk = 0; chunk < offsets.Length; chunk++)
        {
            offsets[chunk] = data.Length;
            var payload = new byte[1 + random.Next(12)];
            random.NextBytes(payload);
            data.Write(payload);
            data.Write(BigEndian(Crc32.Compute(payload)));
        }

        var bytes = data.ToArray();
        var uncompressedLength = ((offsets.Length - 1) * ChunkLength) + 5;
        return Rewritten(basis, "synthetic/md-eight-chunks", new Dictionary<string, byte[]>
        {
            ["Data.db"] = bytes,
            ["CompressionInfo.db"] = SyntheticComponents.CompressionInfo(basis.Version, ChunkLength, uncompressedLength, offsets),
            ["Digest.crc32"] = Encoding.ASCII.GetBytes(Crc32.Compute(bytes).ToString(CultureInfo.InvariantCulture)),
        });
    }

    private static FixtureSSTable SevenSlices(FixtureSSTable basis)
    {
        var bytes = new byte[(6 * SliceSize) + 3];
        new Random(7).NextBytes(bytes);
        var checksums = bytes.Chunk(SliceSize).Select(slice => Crc32.Compute(slice)).ToArray();
        return Rewritten(basis, "synthetic/md-seven-slices", new Dictionary<string, byte[]>
        {
            ["Data.db"] = bytes,
            ["CRC.db"] = SyntheticComponents.Crc(SliceSize, checksums),
            ["Digest.crc32"] = Encoding.ASCII.GetBytes(Crc32.Compute(bytes).ToString(CultureInfo.InvariantCulture)),
        });
    }

    private static FixtureSSTable Rewritten(FixtureSSTable basis, string directory, Dictionary<string, byte[]> replaced)
    {
        var components = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, bytes) in basis.Components)
        {
            components[name] = replaced.GetValueOrDefault(name, bytes);
        }

        return basis with { Directory = directory, Components = components };
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}

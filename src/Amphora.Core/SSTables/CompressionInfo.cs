using System.Numerics;

namespace Amphora.Core.SSTables;

/// <summary>
/// The header of CompressionInfo.db (Cassandra's CompressionMetadata): compressor class, options, chunk length,
/// maxCompressedLength (na+ and BTI), uncompressed length and chunk count. The chunk offsets that follow are read one by one
/// from <see cref="ChunkOffsets"/>, so a table with millions of chunks needs no array of them.
/// </summary>
public sealed record CompressionInfo(
    string Compressor,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    int ChunkLength,
    int? MaxCompressedLength,
    long UncompressedLength,
    int ChunkCount)
{
    private const int MaxOptions = 1024;
    private const int MaxChunkLength = 1 << 30;

    /// <summary>Reads and checks the header; the returned reader is positioned at the first chunk offset.</summary>
    public static async Task<(CompressionInfo Info, BigEndianReader ChunkOffsets)> ReadAsync(
        Stream stream, long length, SSTableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var reader = new BigEndianReader(stream, length, "CompressionInfo.db");
        var compressor = await reader.ReadUtfAsync(cancellationToken).ConfigureAwait(false);
        if (compressor.Length == 0 || compressor.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new SSTableFormatException($"CompressionInfo.db names no usable compressor class ('{Printable(compressor)}').");
        }

        var optionCount = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
        if (optionCount is < 0 or > MaxOptions)
        {
            throw new SSTableFormatException($"CompressionInfo.db claims {optionCount} compressor options (expected 0 to {MaxOptions}).");
        }

        var options = new List<KeyValuePair<string, string>>(optionCount);
        for (var i = 0; i < optionCount; i++)
        {
            var key = await reader.ReadUtfAsync(cancellationToken).ConfigureAwait(false);
            options.Add(new(key, await reader.ReadUtfAsync(cancellationToken).ConfigureAwait(false)));
        }

        var chunkLength = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
        if (chunkLength is <= 0 or > MaxChunkLength || !BitOperations.IsPow2(chunkLength))
        {
            throw new SSTableFormatException($"CompressionInfo.db has chunk length {chunkLength}; Cassandra's is a power of two up to 1 GiB.");
        }

        int? maxCompressedLength = null;
        if (version.HasMaxCompressedLength)
        {
            maxCompressedLength = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
            if (maxCompressedLength <= 0)
            {
                throw new SSTableFormatException($"CompressionInfo.db has maxCompressedLength {maxCompressedLength}; it must be positive.");
            }
        }

        var uncompressedLength = await reader.ReadInt64Async(cancellationToken).ConfigureAwait(false);
        var chunkCount = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
        if (uncompressedLength < 0 || chunkCount < 0)
        {
            throw new SSTableFormatException($"CompressionInfo.db has a negative data length ({uncompressedLength}) or chunk count ({chunkCount}).");
        }

        // A chunk holds chunkLength uncompressed bytes (readers find chunk i at i * chunkLength); 3.0 may add one empty chunk.
        // Rounded up without adding chunkLength - 1 first, which overflows for lengths near long.MaxValue.
        var needed = (uncompressedLength / chunkLength) + (uncompressedLength % chunkLength == 0 ? 0 : 1);
        if (chunkCount < needed || chunkCount > needed + 1)
        {
            throw new SSTableFormatException(
                $"CompressionInfo.db has {chunkCount} chunks for {uncompressedLength} uncompressed bytes in {chunkLength}-byte chunks (expected {needed}).");
        }

        if (reader.Remaining != 8L * chunkCount)
        {
            throw new SSTableFormatException(
                $"CompressionInfo.db is {length} bytes: after its header, {chunkCount} chunk offsets need {8L * chunkCount} bytes, but {reader.Remaining} remain.");
        }

        return (new CompressionInfo(compressor, options, chunkLength, maxCompressedLength, uncompressedLength, chunkCount), reader);
    }

    // The name comes from the file: escape control characters (a terminal would obey them) and keep the message short.
    private static string Printable(string text) =>
        string.Concat(text.Take(80).Select(c => char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 80 ? "…" : string.Empty);
}

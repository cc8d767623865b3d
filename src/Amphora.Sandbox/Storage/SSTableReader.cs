using System.Buffers.Binary;
using Amphora.Core.Compression;

namespace Amphora.Sandbox.Storage;

/// <summary>Reads the rows of a sandbox SSTable back, chunk by chunk, from Data.db and CompressionInfo.db.</summary>
public static class SSTableReader
{
    public static IEnumerable<Row> ReadRows(SSTableDescriptor descriptor)
    {
        var compressionInfo = descriptor.PathOf(Components.CompressionInfo);
        using var data = File.Exists(compressionInfo)
            ? new MemoryStream(Decompress(descriptor.DataPath, compressionInfo), writable: false)
            : (Stream)new BufferedStream(File.OpenRead(descriptor.DataPath));
        while (RowEncoding.Read(data) is { } row)
        {
            yield return row;
        }
    }

    private static byte[] Decompress(string dataPath, string compressionInfoPath)
    {
        var info = File.ReadAllBytes(compressionInfoPath);
        var position = 2 + BinaryPrimitives.ReadUInt16BigEndian(info);
        var optionCount = BinaryPrimitives.ReadInt32BigEndian(info.AsSpan(position));
        position += 4;
        for (var i = 0; i < optionCount * 2; i++)
        {
            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(info.AsSpan(position));
        }

        position += 4 + 4; // chunk length, max compressed length
        var uncompressedLength = BinaryPrimitives.ReadInt64BigEndian(info.AsSpan(position));
        position += 8;
        var chunkCount = BinaryPrimitives.ReadInt32BigEndian(info.AsSpan(position));
        position += 4;
        var offsets = new long[chunkCount];
        for (var i = 0; i < chunkCount; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64BigEndian(info.AsSpan(position + (i * 8)));
        }

        var file = File.ReadAllBytes(dataPath);
        var output = new byte[uncompressedLength];
        var written = 0;
        for (var i = 0; i < chunkCount; i++)
        {
            var end = i + 1 < chunkCount ? offsets[i + 1] : file.Length;
            var chunk = file.AsSpan((int)offsets[i], (int)(end - offsets[i] - 4));
            var length = BinaryPrimitives.ReadInt32LittleEndian(chunk);
            written += Lz4Block.Decompress(chunk[4..], output.AsSpan(written, length));
        }

        return output;
    }
}

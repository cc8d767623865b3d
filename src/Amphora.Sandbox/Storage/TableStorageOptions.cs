namespace Amphora.Sandbox.Storage;

/// <summary>How a table's SSTables are written: compressed in chunks (CompressionInfo.db) or raw with CRC.db.</summary>
public sealed record TableStorageOptions(string? Compressor, int ChunkLengthKiB)
{
    public static readonly TableStorageOptions Default = new("LZ4Compressor", 16);
    public static readonly TableStorageOptions Uncompressed = new(null, 16);

    public bool IsCompressed => Compressor is not null;

    public int ChunkLength => ChunkLengthKiB * 1024;
}

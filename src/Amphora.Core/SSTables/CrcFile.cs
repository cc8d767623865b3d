namespace Amphora.Core.SSTables;

/// <summary>
/// CRC.db of an uncompressed SSTable: the slice size, then one checksum per slice of Data.db (the last may be short).
/// </summary>
public static class CrcFile
{
    private const int MaxSliceSize = 1 << 30;

    /// <summary>Reads and checks the header; the returned reader is positioned at the first slice checksum.</summary>
    public static async Task<(int SliceSize, long SliceCount, BigEndianReader Checksums)> ReadAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        var reader = new BigEndianReader(stream, length, "CRC.db");
        var sliceSize = await reader.ReadInt32Async(cancellationToken).ConfigureAwait(false);
        if (sliceSize is <= 0 or > MaxSliceSize)
        {
            throw new SSTableFormatException($"CRC.db has slice size {sliceSize}; it must be between 1 and {MaxSliceSize} bytes.");
        }

        if (reader.Remaining % 4 != 0)
        {
            throw new SSTableFormatException($"CRC.db is {length} bytes: after its 4-byte header the rest is not whole 4-byte checksums.");
        }

        return (sliceSize, reader.Remaining / 4, reader);
    }
}

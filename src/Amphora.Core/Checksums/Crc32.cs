namespace Amphora.Core.Checksums;

/// <summary>
/// CRC-32 (IEEE 802.3 / zlib), the checksum Cassandra uses for Digest.crc32, CRC.db and chunk trailers (ma+).
/// Slicing-by-8 keeps it near a byte per cycle without native code.
/// </summary>
public sealed class Crc32 : IRunningChecksum
{
    private static readonly uint[] Table = BuildTable();

    private uint _state = 0xFFFFFFFFu;

    public uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data) => _state = Update(_state, data);

    public void Reset() => _state = 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        while (data.Length >= 8)
        {
            uint one = crc ^ (data[0] | (uint)data[1] << 8 | (uint)data[2] << 16 | (uint)data[3] << 24);
            uint two = data[4] | (uint)data[5] << 8 | (uint)data[6] << 16 | (uint)data[7] << 24;
            crc = table[0x700 + (one & 0xFF)] ^ table[0x600 + ((one >> 8) & 0xFF)]
                ^ table[0x500 + ((one >> 16) & 0xFF)] ^ table[0x400 + (one >> 24)]
                ^ table[0x300 + (two & 0xFF)] ^ table[0x200 + ((two >> 8) & 0xFF)]
                ^ table[0x100 + ((two >> 16) & 0xFF)] ^ table[two >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}

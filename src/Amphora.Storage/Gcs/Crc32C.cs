using System.Buffers.Binary;
using System.Numerics;

namespace Amphora.Storage.Gcs;

/// <summary>CRC32C (Castagnoli), the checksum GCS keeps for every object, in the base64 big-endian form its API uses.</summary>
public struct Crc32C
{
    private uint _state = uint.MaxValue;

    public Crc32C()
    {
    }

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        var crc = new Crc32C();
        crc.Append(bytes);
        return crc.ToBase64();
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var state = _state;
        while (bytes.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[sizeof(ulong)..];
        }

        foreach (var b in bytes)
        {
            state = BitOperations.Crc32C(state, b);
        }

        _state = state;
    }

    public readonly string ToBase64()
    {
        Span<byte> bigEndian = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bigEndian, ~_state);
        return Convert.ToBase64String(bigEndian);
    }
}

namespace Amphora.Sandbox.Storage;

/// <summary>Cassandra's unsigned variable-length integers: the count of leading 1 bits in the first byte is the number of extra bytes.</summary>
public static class VInt
{
    public static void WriteUnsigned(Stream output, ulong value)
    {
        var extraBytes = ExtraBytes(value);
        Span<byte> buffer = stackalloc byte[9];
        var size = extraBytes + 1;
        for (var i = size - 1; i >= 0; i--)
        {
            buffer[i] = (byte)value;
            value >>= 8;
        }

        buffer[0] |= (byte)~(0xFF >> extraBytes);
        output.Write(buffer[..size]);
    }

    public static ulong ReadUnsigned(Stream input)
    {
        var first = input.ReadByte();
        if (first < 0)
        {
            throw new EndOfStreamException();
        }

        var extraBytes = System.Numerics.BitOperations.LeadingZeroCount((uint)(~first & 0xFF)) - 24;
        ulong value = (ulong)(first & (0xFF >> extraBytes));
        for (var i = 0; i < extraBytes; i++)
        {
            var next = input.ReadByte();
            if (next < 0)
            {
                throw new EndOfStreamException();
            }

            value = (value << 8) | (uint)next;
        }

        return value;
    }

    private static int ExtraBytes(ulong value)
    {
        // 7 payload bits per leading marker bit, capped at 8 extra bytes for a full 64-bit value.
        var magnitude = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return Math.Min((magnitude - 1) / 7, 8);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Amphora.Sandbox.Storage;

/// <summary>Java DataOutput over a stream: big-endian integers, modified-UTF-8 strings with a u16 length.</summary>
public sealed class BigEndianWriter(Stream output)
{
    public Stream Output { get; } = output;

    public void WriteByte(byte value) => Output.WriteByte(value);

    public void WriteBoolean(bool value) => Output.WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt16(short value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        Output.Write(bytes);
    }

    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        Output.Write(bytes);
    }

    public void WriteUInt32(uint value) => WriteInt32(unchecked((int)value));

    public void WriteInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        Output.Write(bytes);
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Java writeUTF; the sandbox only writes ASCII names, for which modified UTF-8 equals UTF-8.</summary>
    public void WriteUtf(string value) => WriteShortBytes(Encoding.UTF8.GetBytes(value));

    public void WriteShortBytes(ReadOnlySpan<byte> value)
    {
        WriteInt16(checked((short)value.Length));
        Output.Write(value);
    }

    public void WriteIntBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        Output.Write(value);
    }

    public void WriteUuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Output.Write(bytes);
    }
}

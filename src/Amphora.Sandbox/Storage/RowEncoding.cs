using System.Buffers.Binary;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// The sandbox's own partition encoding inside Data.db and commit log mutations (real Cassandra uses its
/// row serialization; only the files around it must match a real node):
/// u16 key length, key, i64 timestamp, i32 local deletion time, i32 value length (-1 = tombstone), value.
/// </summary>
public static class RowEncoding
{
    public static int SizeOf(Row row) => 2 + row.Key.Length + 8 + 4 + 4 + (row.Value?.Length ?? 0);

    public static void Write(Stream output, Row row)
    {
        Span<byte> header = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(header, checked((ushort)row.Key.Length));
        output.Write(header);
        output.Write(row.Key);
        Span<byte> fixedPart = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(fixedPart, row.Timestamp);
        BinaryPrimitives.WriteInt32BigEndian(fixedPart[8..], row.LocalDeletionTime);
        BinaryPrimitives.WriteInt32BigEndian(fixedPart[12..], row.Value?.Length ?? -1);
        output.Write(fixedPart);
        if (row.Value is not null)
        {
            output.Write(row.Value);
        }
    }

    /// <summary>Reads one row, or null at a clean end of the stream.</summary>
    public static Row? Read(Stream input)
    {
        Span<byte> header = stackalloc byte[2];
        var first = input.Read(header);
        if (first == 0)
        {
            return null;
        }

        if (first == 1)
        {
            input.ReadExactly(header[1..]);
        }

        var key = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        input.ReadExactly(key);
        Span<byte> fixedPart = stackalloc byte[16];
        input.ReadExactly(fixedPart);
        var valueLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart[12..]);
        if (valueLength < -1)
        {
            throw new InvalidDataException($"Corrupt row: value length {valueLength}.");
        }

        byte[]? value = null;
        if (valueLength >= 0)
        {
            value = new byte[valueLength];
            input.ReadExactly(value);
        }

        return new Row(key, BinaryPrimitives.ReadInt64BigEndian(fixedPart), BinaryPrimitives.ReadInt32BigEndian(fixedPart[8..]), value);
    }
}

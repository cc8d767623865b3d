using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox.CommitLog;

/// <summary>One write to one table: the sandbox's mutation body is the table id followed by the row.</summary>
public sealed record Mutation(Guid TableId, Row Row)
{
    public byte[] Serialize()
    {
        var buffer = new MemoryStream(16 + RowEncoding.SizeOf(Row));
        new BigEndianWriter(buffer).WriteUuid(TableId);
        RowEncoding.Write(buffer, Row);
        return buffer.ToArray();
    }

    public static Mutation Deserialize(byte[] bytes)
    {
        var tableId = new Guid(bytes.AsSpan(0, 16), bigEndian: true);
        using var rest = new MemoryStream(bytes, 16, bytes.Length - 16, writable: false);
        var row = RowEncoding.Read(rest) ?? throw new InvalidDataException("Empty commit log mutation.");
        return new Mutation(tableId, row);
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Amphora.Sandbox.Schema;

/// <summary>Version 1 (time-based) and version 3 (name-based) UUIDs, as Cassandra makes table ids.</summary>
public static class TimeUuid
{
    private static readonly long UuidEpochTicks = new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static long _lastTicks;

    /// <summary>A new version 1 UUID (TableId.generate uses time UUIDs).</summary>
    public static Guid New()
    {
        long ticks;
        long previous;
        do
        {
            previous = Interlocked.Read(ref _lastTicks);
            ticks = Math.Max(DateTime.UtcNow.Ticks - UuidEpochTicks, previous + 1);
        }
        while (Interlocked.CompareExchange(ref _lastTicks, ticks, previous) != previous);

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)ticks);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[4..], (ushort)(ticks >> 32));
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(((ticks >> 48) & 0x0FFF) | 0x1000));
        RandomNumberGenerator.Fill(bytes[8..]);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Java's UUID.nameUUIDFromBytes: MD5 of the name with version 3 and the RFC 4122 variant.</summary>
    public static Guid NameBased(byte[] name)
    {
#pragma warning disable CA5351 // Cassandra's system table ids are MD5 name-based UUIDs; not a security use.
        var md5 = MD5.HashData(name);
#pragma warning restore CA5351
        md5[6] = (byte)((md5[6] & 0x0F) | 0x30);
        md5[8] = (byte)((md5[8] & 0x3F) | 0x80);
        return new Guid(md5, bigEndian: true);
    }
}

namespace Amphora.Sandbox.Storage;

/// <summary>Orders partition keys for display: bigint keys numerically, others byte by byte.</summary>
public sealed class ByteArrayComparer : IComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        // bigint keys: flip the sign bit so negative numbers sort first.
        if (x.Length == 8 && y.Length == 8)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(x).CompareTo(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(y));
        }

        return x.AsSpan().SequenceCompareTo(y);
    }
}

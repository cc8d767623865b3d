using System.Buffers.Binary;
using Amphora.Sandbox.Storage;

namespace Amphora.Bench.Node;

/// <summary>
/// The rows of one generated SSTable, made on demand in token order so that a GiB SSTable never sits in memory: each value
/// is a slice of a shared pool of random bytes, at an offset drawn from the row's own key, so no two files are alike.
/// </summary>
public sealed class GeneratedRows : IReadOnlyList<Row>
{
    private static readonly byte[] Pool = RandomPool(64 << 20);
    private readonly byte[][] _keysInTokenOrder;
    private readonly int _valueSize;
    private readonly long _timestamp;

    /// <param name="keyBase">Keys are <paramref name="keyBase"/> + 0, 1, 2...: distinct bases give distinct partitions.</param>
    /// <param name="tokenHalf">0 or 1: only keys whose token is in that half of the ring, so the node places the SSTable on
    /// that one of its two data directories (disk boundaries split the ring between them).</param>
    public GeneratedRows(long keyBase, int count, int valueSize, long timestampMicros, int tokenHalf)
    {
        _valueSize = Math.Min(valueSize, Pool.Length / 2);
        _timestamp = timestampMicros;
        var keys = new List<byte[]>(count);
        for (var candidate = keyBase; keys.Count < count; candidate++)
        {
            var key = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(key, candidate);
            if ((Murmur3Token.Of(key) >= 0 ? 1 : 0) == tokenHalf)
            {
                keys.Add(key);
            }
        }

        _keysInTokenOrder = [.. keys.OrderBy(k => Murmur3Token.Of(k)).ThenBy(k => BinaryPrimitives.ReadInt64BigEndian(k))];
    }

    public int Count => _keysInTokenOrder.Length;

    public Row this[int index]
    {
        get
        {
            var key = _keysInTokenOrder[index];
            var offset = (int)((ulong)Murmur3Token.Of(key) % (ulong)(Pool.Length - _valueSize));
            return new Row(key, _timestamp + index, Row.NoDeletion, Pool.AsSpan(offset, _valueSize).ToArray());
        }
    }

    public IEnumerator<Row> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static byte[] RandomPool(int length)
    {
        var pool = new byte[length];
        new Random(20261122).NextBytes(pool);
        return pool;
    }
}

namespace Amphora.Sandbox.Storage;

/// <summary>
/// One partition of a sandbox table: a key, a single value cell and its write timestamp (client microseconds).
/// A tombstone has no value and the local deletion time (epoch seconds) at which it was written.
/// </summary>
public sealed record Row(byte[] Key, long Timestamp, int LocalDeletionTime, byte[]? Value)
{
    public const int NoDeletion = int.MaxValue;

    public bool IsTombstone => Value is null;

    public long Token => Murmur3Token.Of(Key);

    /// <summary>Cassandra's reconciliation: higher timestamp wins; on a tie a tombstone wins, then the greater value.</summary>
    public static Row Reconcile(Row a, Row b)
    {
        if (a.Timestamp != b.Timestamp)
        {
            return a.Timestamp > b.Timestamp ? a : b;
        }

        if (a.IsTombstone || b.IsTombstone)
        {
            return a.IsTombstone ? a : b;
        }

        return a.Value!.AsSpan().SequenceCompareTo(b.Value) >= 0 ? a : b;
    }

    /// <summary>Partition order on disk: by token, then by key bytes.</summary>
    public static int CompareByToken(Row a, Row b)
    {
        var byToken = a.Token.CompareTo(b.Token);
        return byToken != 0 ? byToken : a.Key.AsSpan().SequenceCompareTo(b.Key);
    }
}

namespace Amphora.Storage.Transfers;

/// <summary>
/// How an object is cut into parts: equal parts of <see cref="PartSize"/> bytes and a shorter last one. The part size grows
/// with the object so the count stays within the backend's limit (10,000 parts on S3), and it is a pure function of the
/// length, so a resumed upload cuts the object exactly as the interrupted one did.
/// </summary>
public sealed record PartLayout(long Length, int PartSize)
{
    public const int MiB = 1 << 20;

    public int PartCount => Length == 0 ? 1 : (int)((Length + PartSize - 1) / PartSize);

    /// <summary>True when the object goes up in one request rather than as parts.</summary>
    public bool IsSingle => PartCount == 1;

    public static PartLayout For(long length, int minimumPartSize, int maximumParts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var needed = (length + maximumParts - 1) / maximumParts;
        var size = Math.Max(minimumPartSize, (needed + MiB - 1) / MiB * MiB);
        if (size > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"{length} bytes is more than one object can hold here.");
        }

        return new PartLayout(length, (int)size);
    }

    public long OffsetOf(int partNumber) => (long)(partNumber - 1) * PartSize;

    public int SizeOf(int partNumber) => (int)Math.Min(PartSize, Length - OffsetOf(partNumber));
}

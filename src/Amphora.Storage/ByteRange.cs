namespace Amphora.Storage;

/// <summary>Bytes [Offset, Offset + Length) of an object; a null length means "to the end".</summary>
public readonly record struct ByteRange
{
    public ByteRange(long offset, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(length));
        }

        Offset = offset;
        Length = length;
    }

    public static ByteRange All { get; }

    public long Offset { get; }

    public long? Length { get; }

    public bool IsAll => Offset == 0 && Length is null;

    /// <summary>The HTTP Range header value (<c>bytes=first-last</c>); only for ranges that are not <see cref="All"/>.</summary>
    public string ToHttpRange() => Length is { } length ? $"bytes={Offset}-{Offset + length - 1}" : $"bytes={Offset}-";
}

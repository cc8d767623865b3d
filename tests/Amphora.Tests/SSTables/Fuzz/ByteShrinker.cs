namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Candidate simplifications of a failing input for FsCheck's shrinking: drop ever smaller ranges (the whole input first),
/// then, for short inputs, zero single bytes. Range sizes stop at 1/64 of the input so shrinking a 5 KB file stays quick.
/// </summary>
public static class ByteShrinker
{
    private const int ZeroBytesUpTo = 64;

    public static IEnumerable<byte[]> Smaller(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var smallestRange = Math.Max(1, bytes.Length / 64);
        for (var range = bytes.Length; range >= smallestRange && range > 0; range /= 2)
        {
            for (var start = 0; start < bytes.Length; start += range)
            {
                yield return [.. bytes.AsSpan(0, start), .. bytes.AsSpan(Math.Min(bytes.Length, start + range))];
            }
        }

        if (bytes.Length <= ZeroBytesUpTo)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != 0)
                {
                    var zeroed = (byte[])bytes.Clone();
                    zeroed[i] = 0;
                    yield return zeroed;
                }
            }
        }
    }
}

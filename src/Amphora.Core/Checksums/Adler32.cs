namespace Amphora.Core.Checksums;

/// <summary>
/// Adler-32 (zlib), used by Cassandra 2.1/2.2 (ka, la) for whole-file digests and compressed chunk trailers.
/// </summary>
public sealed class Adler32 : IRunningChecksum
{
    private const uint Modulus = 65521;

    // Largest n such that 255n(n+1)/2 + (n+1)(Modulus-1) fits in 32 bits: sums can be deferred this long.
    private const int MaxBlockBeforeModulo = 5552;

    private uint _a = 1;
    private uint _b;

    public uint Value => (_b << 16) | _a;

    public void Reset() => (_a, _b) = (1, 0);

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, MaxBlockBeforeModulo)];
            foreach (var value in block)
            {
                _a += value;
                _b += _a;
            }

            _a %= Modulus;
            _b %= Modulus;
            data = data[block.Length..];
        }
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var adler = new Adler32();
        adler.Append(data);
        return adler.Value;
    }
}

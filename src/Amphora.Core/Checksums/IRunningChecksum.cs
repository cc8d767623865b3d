namespace Amphora.Core.Checksums;

/// <summary>A 32-bit checksum fed in pieces: Cassandra's Adler32 or CRC32, chosen by the SSTable's version.</summary>
public interface IRunningChecksum
{
    uint Value { get; }

    void Append(ReadOnlySpan<byte> data);

    void Reset();
}

using System.Buffers.Binary;

namespace Amphora.Core.Compression;

/// <summary>
/// The LZ4 block format (no frame, no checksums): what Cassandra's LZ4Compressor writes through lz4-java.
/// A block is a run of sequences, each a token (literal length in the high nibble, match length - 4 in the
/// low nibble), optional extra length bytes, the literals, a 16-bit little-endian offset and optional extra
/// match length bytes. The last sequence holds literals only.
/// </summary>
public static class Lz4Block
{
    // Format constants from the LZ4 block specification.
    private const int MinMatch = 4;
    private const int LastLiterals = 5;   // the last 5 bytes are always literals
    private const int MfLimit = 12;       // the last match must start at least 12 bytes before the end
    private const int MaxOffset = 65535;
    private const int RunMask = 15;

    // LZ4_MAX_INPUT_SIZE: beyond this the compress bound itself could overflow an int.
    private const int MaxInputSize = 0x7E000000;

    // 4096 int entries = 16 KiB of stack; the reference implementation uses the same size by default.
    private const int HashLog = 12;

    // After every 64 failed probes the step grows by one, so incompressible input is skipped quickly while
    // compressible input is still probed at every position (the reference's skip heuristic).
    private const int SkipTrigger = 6;

    /// <summary>The worst-case compressed size of <paramref name="inputLength"/> bytes (LZ4_compressBound).</summary>
    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputLength, MaxInputSize);
        return inputLength + (inputLength / 255) + 16;
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into a single LZ4 block and returns its length.
    /// A destination of <see cref="MaxCompressedLength"/> bytes is always large enough.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small for the compressed block.</exception>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length > MaxInputSize)
        {
            throw new ArgumentException($"LZ4 input of {source.Length} bytes exceeds the maximum of {MaxInputSize}.", nameof(source));
        }

        var length = source.Length;
        var op = 0;
        var anchor = 0;

        // Inputs shorter than MfLimit + 1 cannot hold a legal match; they are a single literal run.
        if (length > MfLimit)
        {
            // Zero-initialised: a stale entry of 0 is harmless because every candidate is verified.
            Span<int> table = stackalloc int[1 << HashLog];
            table.Clear();

            var matchLimit = length - LastLiterals; // a match may not cover the last 5 bytes
            var lastMatchStart = length - MfLimit;
            var ip = 0;
            var searchCount = 1 << SkipTrigger;

            while (ip <= lastMatchStart)
            {
                var sequence = Read32(source, ip);
                var hash = Hash(sequence);
                var candidate = table[hash];
                table[hash] = ip;

                if (candidate >= ip || ip - candidate > MaxOffset || Read32(source, candidate) != sequence)
                {
                    ip += searchCount++ >> SkipTrigger;
                    continue;
                }

                // Extend backwards into the pending literals: cheaper to encode as match than as literals.
                while (ip > anchor && candidate > 0 && source[ip - 1] == source[candidate - 1])
                {
                    ip--;
                    candidate--;
                }

                var matchLength = MinMatch;
                while (ip + matchLength < matchLimit && source[candidate + matchLength] == source[ip + matchLength])
                {
                    matchLength++;
                }

                op = WriteSequence(source[anchor..ip], ip - candidate, matchLength, destination, op);
                ip += matchLength;
                anchor = ip;
                searchCount = 1 << SkipTrigger;

                // Index a position inside the match so the next repeat of this data is found.
                table[Hash(Read32(source, ip - 2))] = ip - 2;
            }
        }

        return WriteLastLiterals(source[anchor..], destination, op);
    }

    /// <summary>
    /// Decompresses one LZ4 block into <paramref name="destination"/> and returns the number of bytes written.
    /// Every length and offset is validated, so malformed input never reads or writes out of bounds.
    /// </summary>
    /// <exception cref="InvalidDataException">The block is malformed or does not fit in the destination.</exception>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            throw new InvalidDataException("LZ4 block is empty; even an empty payload is encoded as one token byte.");
        }

        var ip = 0;
        var op = 0;

        // Every iteration consumes at least the token byte, so the loop always terminates.
        while (true)
        {
            if (ip >= source.Length)
            {
                throw new InvalidDataException("LZ4 block ends after a match; the last sequence must contain only literals.");
            }

            int token = source[ip++];

            var literalLength = token >> 4;
            if (literalLength == RunMask)
            {
                literalLength = ReadExtendedLength(source, ref ip, literalLength, "literal");
            }

            if (literalLength > source.Length - ip)
            {
                throw new InvalidDataException(
                    $"LZ4 literal run of {literalLength} bytes at input offset {ip} runs past the end of the block ({source.Length} bytes).");
            }

            if (literalLength > destination.Length - op)
            {
                throw new InvalidDataException(
                    $"LZ4 literal run of {literalLength} bytes overflows the output buffer ({destination.Length} bytes) at output offset {op}.");
            }

            source.Slice(ip, literalLength).CopyTo(destination[op..]);
            ip += literalLength;
            op += literalLength;

            // The block ends exactly after the literals of its last sequence.
            if (ip == source.Length)
            {
                return op;
            }

            if (source.Length - ip < 2)
            {
                throw new InvalidDataException($"LZ4 block is truncated inside the match offset at input offset {ip}.");
            }

            int offset = BinaryPrimitives.ReadUInt16LittleEndian(source[ip..]);
            ip += 2;
            if (offset == 0)
            {
                throw new InvalidDataException($"LZ4 match offset is 0 at input offset {ip - 2}.");
            }

            if (offset > op)
            {
                throw new InvalidDataException(
                    $"LZ4 match offset {offset} at input offset {ip - 2} points before the start of the output (only {op} bytes written).");
            }

            var matchLength = token & RunMask;
            if (matchLength == RunMask)
            {
                matchLength = ReadExtendedLength(source, ref ip, matchLength, "match");
            }

            matchLength += MinMatch;
            if (matchLength > destination.Length - op)
            {
                throw new InvalidDataException(
                    $"LZ4 match of {matchLength} bytes overflows the output buffer ({destination.Length} bytes) at output offset {op}.");
            }

            CopyMatch(destination, op, offset, matchLength);
            op += matchLength;
        }
    }

    private static int ReadExtendedLength(ReadOnlySpan<byte> source, ref int ip, int length, string kind)
    {
        byte b;
        do
        {
            if (ip >= source.Length)
            {
                throw new InvalidDataException($"LZ4 block is truncated inside a {kind} length at input offset {ip}.");
            }

            // Leaves room for the +255 below and the later +MinMatch without int overflow.
            if (length > int.MaxValue - 512)
            {
                throw new InvalidDataException($"LZ4 {kind} length at input offset {ip} overflows.");
            }

            b = source[ip++];
            length += b;
        }
        while (b == 255);

        return length;
    }

    // A match may overlap its own output (offset < length), which means "repeat the last offset bytes".
    // Span.CopyTo has memmove semantics, so copy in chunks that never overlap: the already-written
    // region doubles each round, and it is periodic with period offset, so each chunk is correct.
    private static void CopyMatch(Span<byte> destination, int op, int offset, int length)
    {
        var from = op - offset;
        var end = op + length;
        while (op < end)
        {
            var chunk = Math.Min(op - from, end - op);
            destination.Slice(from, chunk).CopyTo(destination.Slice(op, chunk));
            op += chunk;
        }
    }

    private static int WriteSequence(ReadOnlySpan<byte> literals, int offset, int matchLength, Span<byte> destination, int op)
    {
        var literalLength = literals.Length;
        var matchCode = matchLength - MinMatch;
        var needed = 1L + ExtraLengthBytes(literalLength) + literalLength + 2 + ExtraLengthBytes(matchCode);
        EnsureCapacity(destination, op, needed);

        destination[op++] = (byte)((Math.Min(literalLength, RunMask) << 4) | Math.Min(matchCode, RunMask));
        op = WriteExtraLength(destination, op, literalLength);
        literals.CopyTo(destination[op..]);
        op += literalLength;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[op..], (ushort)offset);
        op += 2;
        return WriteExtraLength(destination, op, matchCode);
    }

    private static int WriteLastLiterals(ReadOnlySpan<byte> literals, Span<byte> destination, int op)
    {
        var literalLength = literals.Length;
        EnsureCapacity(destination, op, 1L + ExtraLengthBytes(literalLength) + literalLength);

        destination[op++] = (byte)(Math.Min(literalLength, RunMask) << 4);
        op = WriteExtraLength(destination, op, literalLength);
        literals.CopyTo(destination[op..]);
        return op + literalLength;
    }

    private static void EnsureCapacity(Span<byte> destination, int op, long needed)
    {
        if (op + needed > destination.Length)
        {
            throw new ArgumentException(
                $"LZ4 destination of {destination.Length} bytes is too small; use MaxCompressedLength to size it.",
                nameof(destination));
        }
    }

    private static int ExtraLengthBytes(int length) => length < RunMask ? 0 : ((length - RunMask) / 255) + 1;

    // Lengths >= 15 continue after the token as bytes of 255 and a final byte < 255.
    private static int WriteExtraLength(Span<byte> destination, int op, int length)
    {
        if (length < RunMask)
        {
            return op;
        }

        var remaining = length - RunMask;
        while (remaining >= 255)
        {
            destination[op++] = 255;
            remaining -= 255;
        }

        destination[op++] = (byte)remaining;
        return op;
    }

    private static uint Read32(ReadOnlySpan<byte> source, int index) => BinaryPrimitives.ReadUInt32LittleEndian(source[index..]);

    // Knuth's multiplicative hash, as in the reference LZ4_hash4.
    private static int Hash(uint sequence) => (int)((sequence * 2654435761u) >> (32 - HashLog));
}

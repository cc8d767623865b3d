using System.Buffers.Binary;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Damages a valid input the way a disk, a bad copy or a hostile writer would: bit flips, boundary bytes, boundary integers
/// written big-endian over length and count fields, truncation, random tails, repeated or missing ranges, splices with
/// another file of the same kind, and awkward text (CR, NUL, a BOM, invalid UTF-8, non-ASCII digits). Deterministic for a
/// given <see cref="Random"/> seed; each step is logged so a failing case says how it was made.
/// </summary>
public sealed class ByteMutator(Random random, IReadOnlyList<byte[]> donors)
{
    private const int MaxGrowth = 256;

    private static readonly byte[] BoundaryBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, (byte)'\n', (byte)'\r', (byte)'-'];

    private static readonly byte[][] AwkwardText =
    [
        "\r\n"u8.ToArray(), [0x00], [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        "/"u8.ToArray(), ".."u8.ToArray(), "_"u8.ToArray(), "+"u8.ToArray(), "\n\n"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(),
        [0xD9, 0xA3], [0xEF, 0xBC, 0x90], [0xE2, 0x84, 0xAA], [0xC4, 0xB0], "Data.db\n"u8.ToArray(), "-big-"u8.ToArray(),
    ];

    private readonly List<string> _log = [];

    /// <summary>Applies <paramref name="steps"/> random mutations to a copy of <paramref name="input"/>.</summary>
    public (byte[] Bytes, string Log) Mutate(byte[] input, int steps)
    {
        ArgumentNullException.ThrowIfNull(input);
        _log.Clear();
        var bytes = input;
        for (var step = 0; step < steps; step++)
        {
            bytes = MutateOnce(bytes);
        }

        return (bytes, string.Join(", ", _log));
    }

    private byte[] MutateOnce(byte[] bytes) => random.Next(13) switch
    {
        0 => FlipBit(bytes),
        1 => SetBoundaryByte(bytes),
        2 => WriteInt32(bytes, Pick(Int32Values(bytes.Length))),
        3 => WriteInt64(bytes, Pick(Int64Values(bytes.Length))),
        4 => WriteInt16(bytes, Pick(Int16Values(bytes.Length))),
        5 => AddToInt32(bytes),
        6 => Truncate(bytes),
        7 => Extend(bytes),
        8 => DuplicateRange(bytes),
        9 => DeleteRange(bytes),
        10 => Splice(bytes),
        11 => InsertText(bytes),
        _ => SetRandomByte(bytes),
    };

    private static int[] Int32Values(int length) =>
        [0, -1, 1, int.MaxValue, int.MinValue, 0x7FFFFFF0, length, length - 1, length + 1, 1 << 30, 1 << 16, 0x1FFFFFFF, 64, 2, 4];

    private static long[] Int64Values(int length) =>
        [0, -1, 1, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, 0x7FFFFFF0, length, length - 1, length + 1, 1L << 32, 1L << 62];

    private static int[] Int16Values(int length) => [0, 0xFFFF, 0x7FFF, 0x8000, length & 0xFFFF, (length - 1) & 0xFFFF, (length + 1) & 0xFFFF, 1];

    private byte[] FlipBit(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Extend(bytes);
        }

        var copy = (byte[])bytes.Clone();
        var position = random.Next(copy.Length);
        var bit = random.Next(8);
        copy[position] ^= (byte)(1 << bit);
        Log($"flip bit {bit} at {position}");
        return copy;
    }

    private byte[] SetBoundaryByte(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Extend(bytes);
        }

        var copy = (byte[])bytes.Clone();
        var position = random.Next(copy.Length);
        copy[position] = Pick(BoundaryBytes);
        Log($"byte {copy[position]:x2} at {position}");
        return copy;
    }

    private byte[] SetRandomByte(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Extend(bytes);
        }

        var copy = (byte[])bytes.Clone();
        var position = random.Next(copy.Length);
        copy[position] = (byte)random.Next(256);
        Log($"byte {copy[position]:x2} at {position}");
        return copy;
    }

    private byte[] WriteInt32(byte[] bytes, int value)
    {
        var copy = Room(bytes, 4, out var position);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(position), value);
        Log($"i32 {value} at {position}");
        return copy;
    }

    private byte[] WriteInt64(byte[] bytes, long value)
    {
        var copy = Room(bytes, 8, out var position);
        BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(position), value);
        Log($"i64 {value} at {position}");
        return copy;
    }

    private byte[] WriteInt16(byte[] bytes, int value)
    {
        var copy = Room(bytes, 2, out var position);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(position), (ushort)value);
        Log($"u16 {value} at {position}");
        return copy;
    }

    /// <summary>Nudges an existing big-endian int (a count, a length, an offset) by a little: off-by-one and off-by-a-field.</summary>
    private byte[] AddToInt32(byte[] bytes)
    {
        var copy = Room(bytes, 4, out var position);
        var delta = Pick(new[] { -8, -4, -1, 1, 4, 8, 16, 4096 });
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(position), BinaryPrimitives.ReadInt32BigEndian(copy.AsSpan(position)) + delta);
        Log($"i32 {delta:+#;-#} at {position}");
        return copy;
    }

    private byte[] Truncate(byte[] bytes)
    {
        var length = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
        Log($"cut to {length}");
        return bytes[..length];
    }

    private byte[] Extend(byte[] bytes)
    {
        var tail = new byte[1 + random.Next(MaxGrowth)];
        random.NextBytes(tail);
        Log($"append {tail.Length} random");
        return [.. bytes, .. tail];
    }

    private byte[] DuplicateRange(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Extend(bytes);
        }

        var start = random.Next(bytes.Length);
        var length = 1 + random.Next(Math.Min(bytes.Length - start, MaxGrowth));
        var at = random.Next(bytes.Length + 1);
        Log($"copy {start}+{length} to {at}");
        return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(start, length), .. bytes.AsSpan(at)];
    }

    private byte[] DeleteRange(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Extend(bytes);
        }

        var start = random.Next(bytes.Length);
        var length = 1 + random.Next(Math.Min(bytes.Length - start, 64));
        Log($"delete {start}+{length}");
        return [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + length)];
    }

    /// <summary>The start of this input and the end of another of the same kind: plausible headers over foreign bodies.</summary>
    private byte[] Splice(byte[] bytes)
    {
        var donor = donors[random.Next(donors.Count)];
        var cut = random.Next(bytes.Length + 1);
        var donorCut = random.Next(donor.Length + 1);
        Log($"splice {cut} + donor from {donorCut}");
        return [.. bytes.AsSpan(0, cut), .. donor.AsSpan(donorCut)];
    }

    private byte[] InsertText(byte[] bytes)
    {
        var text = Pick(AwkwardText);
        var at = random.Next(bytes.Length + 1);
        Log($"insert {Convert.ToHexStringLower(text)} at {at}");
        return [.. bytes.AsSpan(0, at), .. text, .. bytes.AsSpan(at)];
    }

    /// <summary>A copy with at least <paramref name="size"/> bytes and a random position where a field of that size fits.</summary>
    private byte[] Room(byte[] bytes, int size, out int position)
    {
        var copy = bytes.Length >= size ? (byte[])bytes.Clone() : [.. bytes, .. new byte[size - bytes.Length]];
        position = random.Next(copy.Length - size + 1);
        return copy;
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private void Log(string step) => _log.Add(step);
}

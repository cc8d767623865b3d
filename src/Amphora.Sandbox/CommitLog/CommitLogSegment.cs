using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amphora.Core.Checksums;

namespace Amphora.Sandbox.CommitLog;

/// <summary>
/// One commit log segment file, <c>CommitLog-7-&lt;id&gt;.log</c>, laid out as Cassandra 4.0+ writes it:
/// a descriptor header (version, id, JSON parameters, CRC), then sync sections, each opened by a marker
/// (offset of the next marker, CRC of id and position) and holding entries (size, CRC of size, body, CRC).
/// The file is pre-sized to the segment size, as Cassandra's memory-mapped segments are (sparse here).
/// </summary>
public sealed partial class CommitLogSegment
{
    public const int Version = 7;
    private const string Parameters = "{}";
    private const int SyncMarkerSize = 8;
    private const int EntryOverhead = 12;

    private CommitLogSegment(string path, long id)
    {
        FilePath = path;
        Id = id;
    }

    public string FilePath { get; }

    public long Id { get; }

    public string FileName => Path.GetFileName(FilePath);

    public static string NameFor(long id) => $"CommitLog-{Version}-{id.ToString(CultureInfo.InvariantCulture)}.log";

    [GeneratedRegex(@"^CommitLog-(\d+)-(\d+)\.log$")]
    private static partial Regex NamePattern();

    public static CommitLogSegment? TryOpen(string path)
    {
        var match = NamePattern().Match(Path.GetFileName(path));
        return match.Success ? new CommitLogSegment(path, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    public static CommitLogSegment Create(string directory, long id, long segmentSize)
    {
        var path = Path.Combine(directory, NameFor(id));
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(segmentSize);
        file.Write(Header(id));
        return new CommitLogSegment(path, id);
    }

    public static int HeaderSize => Header(0).Length;

    private static byte[] Header(long id)
    {
        var parameters = Encoding.UTF8.GetBytes(Parameters);
        var header = new byte[4 + 8 + 2 + parameters.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(header, Version);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(4), id);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(12), (short)parameters.Length);
        parameters.CopyTo(header, 14);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(14 + parameters.Length), HeaderCrc(Version, id, parameters));
        return header;
    }

    private static uint HeaderCrc(int version, long id, ReadOnlySpan<byte> parameters)
    {
        var crc = new Crc32();
        AppendInt(crc, version);
        AppendInt(crc, (int)(id & 0xFFFFFFFFL));
        AppendInt(crc, (int)((ulong)id >> 32));
        AppendInt(crc, parameters.Length);
        crc.Append(parameters);
        return crc.Value;
    }

    /// <summary>
    /// The version and id a segment's header holds (CommitLogDescriptor.fromHeader), or null when the header is
    /// missing, truncated or fails its CRC.
    /// </summary>
    public static (int Version, long Id)? ReadHeader(string path)
    {
        Span<byte> fixedPart = stackalloc byte[14];
        using var file = File.OpenRead(path);
        if (file.ReadAtLeast(fixedPart, fixedPart.Length, throwOnEndOfStream: false) < fixedPart.Length)
        {
            return null;
        }

        var version = BinaryPrimitives.ReadInt32BigEndian(fixedPart);
        var id = BinaryPrimitives.ReadInt64BigEndian(fixedPart[4..]);
        var rest = new byte[BinaryPrimitives.ReadUInt16BigEndian(fixedPart[12..]) + 4];
        if (file.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            return null;
        }

        var parameters = rest.AsSpan(0, rest.Length - 4);
        return BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(rest.Length - 4)) == HeaderCrc(version, id, parameters) ? (version, id) : null;
    }

    /// <summary>Bytes a section holding these entry bodies needs.</summary>
    public static long SectionSize(IEnumerable<byte[]> bodies) => SyncMarkerSize + bodies.Sum(b => (long)b.Length + EntryOverhead);

    /// <summary>Where the next sync section starts: just past the last valid one.</summary>
    public int EndOfValidData()
    {
        var end = HeaderSize;
        foreach (var (_, entryEnd, _) in ReadEntries())
        {
            end = entryEnd;
        }

        return end;
    }

    /// <summary>Appends one sync section at <paramref name="position"/>; returns each entry's end position.</summary>
    public List<int> AppendSection(int position, IReadOnlyList<byte[]> bodies)
    {
        var section = new byte[SectionSize(bodies)];
        var offset = SyncMarkerSize;
        var ends = new List<int>(bodies.Count);
        foreach (var body in bodies)
        {
            var crc = new Crc32();
            AppendInt(crc, body.Length);
            BinaryPrimitives.WriteInt32BigEndian(section.AsSpan(offset), body.Length);
            BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(offset + 4), crc.Value);
            body.CopyTo(section, offset + 8);
            crc.Append(body);
            BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(offset + 8 + body.Length), crc.Value);
            offset += body.Length + EntryOverhead;
            ends.Add(position + offset);
        }

        var next = position + section.Length;
        BinaryPrimitives.WriteInt32BigEndian(section, next);
        BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(4), MarkerCrc(position));
        using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Write);
        if (next > file.Length)
        {
            throw new InvalidOperationException($"Section of {section.Length} bytes does not fit in {FileName}.");
        }

        file.Position = position;
        file.Write(section);
        file.Flush(flushToDisk: true);
        return ends;
    }

    /// <summary>Every entry in the segment in order, with its start and end positions; stops at the first invalid marker or entry.</summary>
    public IEnumerable<(int Start, int End, byte[] Body)> ReadEntries()
    {
        var bytes = File.ReadAllBytes(FilePath);
        var header = HeaderSize;
        if (bytes.Length < header || BinaryPrimitives.ReadInt32BigEndian(bytes) != Version || BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(4)) != Id)
        {
            yield break;
        }

        var marker = header;
        while (marker + SyncMarkerSize <= bytes.Length)
        {
            var next = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(marker));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(marker + 4));
            if (next <= marker || next > bytes.Length || crc != MarkerCrc(marker))
            {
                yield break;
            }

            var offset = marker + SyncMarkerSize;
            while (offset + EntryOverhead <= next)
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
                var check = new Crc32();
                AppendInt(check, size);
                if (size < 0 || offset + EntryOverhead + size > next || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4)) != check.Value)
                {
                    yield break;
                }

                var body = bytes.AsSpan(offset + 8, size).ToArray();
                check.Append(body);
                if (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8 + size)) != check.Value)
                {
                    yield break;
                }

                yield return (offset, offset + EntryOverhead + size, body);
                offset += EntryOverhead + size;
            }

            marker = next;
        }
    }

    private uint MarkerCrc(int position)
    {
        var crc = new Crc32();
        AppendInt(crc, (int)(Id & 0xFFFFFFFFL));
        AppendInt(crc, (int)((ulong)Id >> 32));
        AppendInt(crc, position);
        return crc.Value;
    }

    private static void AppendInt(Crc32 crc, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        crc.Append(bytes);
    }
}

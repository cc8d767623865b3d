using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>Writes go through commit log segments named and framed as Cassandra 4.0+ writes them.</summary>
public sealed partial class CommitLogTests
{
    [GeneratedRegex(@"^CommitLog-7-(\d{13,})\.log$")]
    private static partial Regex SegmentName();

    private static List<(string Path, long Id)> Segments(SandboxHarness sandbox) =>
        Directory.EnumerateFiles(sandbox.Config().CommitLogDirectory)
            .Select(p => (Path: p, Match: SegmentName().Match(Path.GetFileName(p))))
            .Select(s => (s.Path, Id: s.Match.Success ? long.Parse(s.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1))
            .OrderBy(s => s.Id)
            .ToList();

    [Fact]
    public void Segments_are_named_by_version_and_id_and_roll_over_at_the_configured_size()
    {
        using var sandbox = new SandboxHarness(segmentSize: "64KiB");
        var before = Segments(sandbox);
        Assert.All(before, s => Assert.True(s.Id > 0, $"{s.Path} is not a commit log segment name"));
        sandbox.Write("ks.t", 2000, valueSize: 100); // ~260 KiB of mutations

        var segments = Segments(sandbox);
        Assert.True(segments.Count >= 4, $"expected the log to roll into several 64 KiB segments, found {segments.Count}");
        Assert.All(segments, s => Assert.Equal(64 * 1024, new FileInfo(s.Path).Length)); // pre-sized like mmapped segments
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].Id + 1, segments[i].Id);
        }

        // The id is a millisecond clock reading taken at start-up.
        var startedAt = DateTimeOffset.FromUnixTimeMilliseconds(segments[0].Id);
        Assert.InRange(startedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Segment_header_holds_version_id_parameters_and_crc()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.t", 1);
        var (path, id) = Segments(sandbox)[^1];
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(id, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(12)));
        Assert.Equal("{}", System.Text.Encoding.ASCII.GetString(bytes, 14, 2));

        // CRC32 over version, id low word, id high word, parameter length (as ints), then the parameters.
        var crcInput = new byte[16 + 2];
        BinaryPrimitives.WriteInt32BigEndian(crcInput, 7);
        BinaryPrimitives.WriteInt32BigEndian(crcInput.AsSpan(4), (int)(id & 0xFFFFFFFF));
        BinaryPrimitives.WriteInt32BigEndian(crcInput.AsSpan(8), (int)(id >>> 32));
        BinaryPrimitives.WriteInt32BigEndian(crcInput.AsSpan(12), 2);
        "{}"u8.CopyTo(crcInput.AsSpan(16));
        var expected = Amphora.Core.Checksums.Crc32.Compute(crcInput);
        Assert.Equal(expected, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)));
    }

    [Fact]
    public void Flushed_segments_are_discarded_and_unflushed_data_stays_in_the_commit_log()
    {
        using var sandbox = new SandboxHarness(segmentSize: "64KiB");
        sandbox.Write("ks.t", 2000, valueSize: 100);
        var full = Segments(sandbox);
        sandbox.NodetoolOk("flush");
        var after = Segments(sandbox);
        Assert.True(after.Count < full.Count, "flushed segments should be deleted");
        Assert.Contains(full[^1].Id, after.Select(s => s.Id)); // the active segment stays
    }
}

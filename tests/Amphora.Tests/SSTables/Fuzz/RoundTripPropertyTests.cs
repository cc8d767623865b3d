using System.Text;
using Amphora.Core.SSTables;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// The other half of the parser properties: every valid input is accepted and read back exactly. File names are generated
/// from their parts (versions, sequence and UUID ids, formats, components including SAI ones, 2.1 names with index tables),
/// TOCs from lists of distinct component names with LF or CRLF line ends.
/// </summary>
public sealed class RoundTripPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 2000;

    private static readonly DateTimeOffset UuidEpoch = new(1582, 10, 15, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Components =
    [
        "Data.db", "Index.db", "Summary.db", "Filter.db", "Statistics.db", "CompressionInfo.db", "CRC.db", "TOC.txt",
        "Digest.crc32", "Digest.adler32", "Digest.sha1", "Partitions.db", "Rows.db", "Scylla.db",
    ];

    private static readonly Gen<char> Lower = Gen.Elements<char>("abcdefghijklmnopqrstuvwxyz");

    private static readonly Gen<char> Base36 = Gen.Elements<char>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly Gen<char> Word = Gen.Elements<char>("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static readonly Gen<string> Component = Gen.OneOf(
        Gen.Elements<string>(Components),
        from index in Text(Word, 1, 24)
        from part in Gen.Elements("Meta.db", "TermsData.db", "PostingLists.db", "KDTree.db")
        select $"SAI+aa+{index}+{part}");

    [Fact]
    public void Current_names_parse_back_to_their_parts() =>
        FuzzCampaign.Run(output, "current file names", Arb.From(CurrentNames()), name =>
        {
            Assert.True(SSTableFileName.TryParse(name.Text, out var parsed), $"'{name.Text}' was refused.");
            Assert.Equal((name.Version, name.Id, name.Format, name.Component), (parsed.Version, parsed.Id, parsed.Format, parsed.Component));
            Assert.Equal(name.Text[..^name.Component.Length], parsed.Prefix);
            Assert.Equal((null, null), (parsed.LegacyKeyspace, parsed.LegacyTable));
            Assert.Equal(name.Timestamp, parsed.IdTimestamp);
            Assert.Equal(name.Sequence, parsed.SequenceNumber);
            return Outcome.Accepted;
        }, Cases);

    [Fact]
    public void Legacy_names_parse_back_to_their_parts() =>
        FuzzCampaign.Run(output, "2.1 file names", Arb.From(LegacyNames()), name =>
        {
            Assert.True(SSTableFileName.TryParse(name.Text, out var parsed), $"'{name.Text}' was refused.");
            Assert.Equal((name.Keyspace, name.Table, name.Version, name.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture), "big", name.Component),
                (parsed.LegacyKeyspace, parsed.LegacyTable, parsed.Version, parsed.Id, parsed.Format, parsed.Component));
            Assert.Equal(name.Generation, parsed.SequenceNumber);
            return Outcome.Accepted;
        }, Cases);

    [Fact]
    public void Lists_of_component_names_parse_back_from_a_TOC() =>
        FuzzCampaign.Run(output, "TOC round trip", Arb.From(Tocs()), toc =>
        {
            Assert.Equal(toc.Names, TocFile.Parse(Encoding.UTF8.GetBytes(toc.Text)));
            return Outcome.Accepted;
        }, Cases);

    private static Gen<GeneratedName> CurrentNames() =>
        from version in Text(Lower, 2, 2)
        from format in Gen.Elements("big", "bti")
        from component in Component
        from id in Gen.OneOf(SequenceIds(), UuidIds())
        select new GeneratedName($"{version}-{id.Text}-{format}-{component}", version, id.Text, format, component, id.Timestamp, id.Sequence);

    private static Gen<(string Text, DateTimeOffset? Timestamp, long? Sequence)> SequenceIds() =>
        from digits in Gen.Choose(1, 10)
        from value in Gen.Choose(0, int.MaxValue).Select(v => (long)v * 7 % (long)Math.Pow(10, digits))
        select (value.ToString(System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset?)null, (long?)value);

    /// <summary>UUIDBasedSSTableId: base36 days | seconds in the day | 100 ns units, then the LSB (cassandra-on-disk.md §1).</summary>
    private static Gen<(string Text, DateTimeOffset? Timestamp, long? Sequence)> UuidIds() =>
        from days in Gen.Choose(0, (36 * 36 * 36 * 36) - 1)
        from seconds in Gen.Choose(0, 86_399)
        from ticks in Gen.Choose(0, 9_999_999)
        from lsb in Text(Base36, 13, 13)
        from upper in Gen.Elements(false, true)
        let text = $"{ToBase36(days, 4)}_{ToBase36(seconds, 4)}_{ToBase36(ticks, 5)}{lsb}"
        select (upper ? text.ToUpperInvariant() : text,
            (DateTimeOffset?)UuidEpoch.AddTicks((days * TimeSpan.TicksPerDay) + (seconds * TimeSpan.TicksPerSecond) + ticks), (long?)null);

    private static Gen<LegacyName> LegacyNames() =>
        from keyspace in Text(Word, 1, 48)
        from table in Text(Word, 1, 48)
        from index in Gen.OneOf(Gen.Constant(string.Empty), Text(Word, 1, 20).Select(i => "." + i))
        from version in Gen.Elements("jb", "ka")
        from generation in Gen.Choose(0, int.MaxValue)
        from component in Component
        select new LegacyName($"{keyspace}-{table}{index}-{version}-{generation}-{component}", keyspace, table + index, version, generation, component);

    private static Gen<GeneratedToc> Tocs() =>
        from names in Gen.NonEmptyListOf(Component).Select(list => list.Distinct(StringComparer.Ordinal).ToArray())
        from lineEnd in Gen.Elements("\n", "\r\n")
        from finalLineEnd in Gen.Elements(true, false)
        select new GeneratedToc(string.Join(lineEnd, names) + (finalLineEnd ? lineEnd : string.Empty), names);

    private static Gen<string> Text(Gen<char> characters, int shortest, int longest) =>
        from length in Gen.Choose(shortest, longest)
        from chars in Gen.ArrayOf(characters, length)
        select new string(chars);

    private static string ToBase36(long value, int width)
    {
        var digits = new char[width];
        for (var i = width - 1; i >= 0; i--, value /= 36)
        {
            digits[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)];
        }

        return new string(digits);
    }

    private sealed record GeneratedName(string Text, string Version, string Id, string Format, string Component, DateTimeOffset? Timestamp, long? Sequence)
    {
        public override string ToString() => Text;
    }

    private sealed record LegacyName(string Text, string Keyspace, string Table, string Version, long Generation, string Component)
    {
        public override string ToString() => Text;
    }

    private sealed record GeneratedToc(string Text, string[] Names)
    {
        public override string ToString() => Printable.Escape(Text);
    }
}

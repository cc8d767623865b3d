using System.Globalization;
using Amphora.Core.SSTables;
using Amphora.Tests.Support;

namespace Amphora.Tests.SSTables;

/// <summary>SSTable component names as real Cassandra nodes write them (fixtures) and as the reference describes them.</summary>
public sealed class SSTableFileNameTests
{
    private static readonly string[] EveryBigSetHas = ["Data.db", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"];

    [Theory]
    [InlineData("ka/keyspace1/auditlogsbyid", "keyspace1-auditlogsbyid-ka-1-", "keyspace1", "auditlogsbyid", "ka", "1", "Digest.sha1", "CompressionInfo.db")]
    [InlineData("ka/keyspace1/compressed_bills-03c5a7b0643c11e7936273d8df3aeac7", "casspactor2-compressed_bills-ka-1-", "casspactor2", "compressed_bills", "ka", "1", "Digest.sha1", "CompressionInfo.db")]
    [InlineData("mc/keyspace1/compressed_bills", "mc-2-big-", null, null, "mc", "2", "Digest.crc32", "CompressionInfo.db")]
    [InlineData("md-compressed/SSTableLoaderTest/Standard1", "md-1-big-", null, null, "md", "1", "Digest.crc32", "CompressionInfo.db")]
    [InlineData("md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c", "md-1-big-", null, null, "md", "1", "Digest.crc32", "CRC.db")]
    [InlineData("nb/input-four", "nb-1-big-", null, null, "nb", "1", "Digest.crc32", "CompressionInfo.db")]
    [InlineData("oa/input-five", "oa-2-big-", null, null, "oa", "2", "Digest.crc32", "CompressionInfo.db")]
    public void Every_fixture_file_parses_to_its_set_and_component(
        string setDirectory, string prefix, string? keyspace, string? table, string version, string id, string digest, string checksumComponent)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.SSTableFixtures, setDirectory));
        var names = files.Select(file => SSTableFileName.Parse(Path.GetFileName(file))).ToArray();

        foreach (var name in names)
        {
            Assert.Equal((version, id, "big", prefix), (name.Version, name.Id, name.Format, name.Prefix));
            Assert.Equal((keyspace, table), (name.LegacyKeyspace, name.LegacyTable));
            Assert.False(name.IsUuidId);
            Assert.Null(name.IdTimestamp);
            Assert.Equal(long.Parse(id, CultureInfo.InvariantCulture), name.SequenceNumber);
        }

        // Compressed tables carry CompressionInfo.db, uncompressed ones CRC.db; the digest name depends on the version.
        string[] expected = [.. EveryBigSetHas, digest, checksumComponent];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Select(name => name.Component).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_file_in_the_fixtures_parses_and_each_TOC_lists_exactly_the_components_beside_it()
    {
        var sets = Directory.EnumerateFiles(RepositoryPaths.SSTableFixtures, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "PROVENANCE.md")
            .GroupBy(file => Path.GetDirectoryName(file)!)
            .ToArray();
        Assert.Equal(7, sets.Length);

        foreach (var set in sets)
        {
            var names = set.Select(file => SSTableFileName.Parse(Path.GetFileName(file))).ToArray();
            var toc = names.Single(name => name.Component == "TOC.txt");
            var listed = File.ReadAllLines(Path.Combine(set.Key, toc.Prefix + toc.Component));
            Assert.Equal(listed.Order(StringComparer.Ordinal), names.Select(name => name.Component).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Legacy_ka_names_give_keyspace_table_version_and_generation()
    {
        var name = SSTableFileName.Parse("casspactor2-compressed_bills-ka-1-Digest.sha1");

        Assert.Equal("casspactor2", name.LegacyKeyspace);
        Assert.Equal("compressed_bills", name.LegacyTable);
        Assert.Equal("ka", name.Version);
        Assert.Equal("1", name.Id);
        Assert.Equal("big", name.Format);
        Assert.Equal("Digest.sha1", name.Component);
        Assert.Equal("casspactor2-compressed_bills-ka-1-", name.Prefix);
        Assert.Equal(1, name.SequenceNumber);
    }

    [Theory]
    [InlineData("ks-cf-jb-12-Data.db", "ks", "cf", "jb", 12)]
    [InlineData("ks-t.t_idx-ka-3-Index.db", "ks", "t.t_idx", "ka", 3)] // 2.1 secondary index tables are "<table>.<index>"
    public void Legacy_jb_and_index_table_names_parse(string fileName, string keyspace, string table, string version, long generation)
    {
        var name = SSTableFileName.Parse(fileName);

        Assert.Equal((keyspace, table, version, generation), (name.LegacyKeyspace, name.LegacyTable, name.Version, name.SequenceNumber));
    }

    [Fact]
    public void Current_names_give_version_id_format_and_component()
    {
        var name = SSTableFileName.Parse("md-1-big-CRC.db");

        Assert.Equal(("md", "1", "big", "CRC.db", "md-1-big-"), (name.Version, name.Id, name.Format, name.Component, name.Prefix));
        Assert.Null(name.LegacyKeyspace);
        Assert.Null(name.LegacyTable);
    }

    [Fact]
    public void Ten_digit_generations_give_their_sequence_number()
    {
        Assert.Equal(9_999_999_999L, SSTableFileName.Parse("nb-9999999999-big-Data.db").SequenceNumber);
    }

    [Fact]
    public void Uuid_ids_decode_to_the_reference_creation_time()
    {
        var name = SSTableFileName.Parse("da-3gau_0a4e_1c5ko2q8hd3x0w3fm6-bti-Partitions.db");

        Assert.Equal(("da", "3gau_0a4e_1c5ko2q8hd3x0w3fm6", "bti", "Partitions.db"), (name.Version, name.Id, name.Format, name.Component));
        Assert.True(name.IsUuidId);
        Assert.Null(name.SequenceNumber);

        // The remainder group counts 100 ns units (UUIDBasedSSTableId.asString): 1c5ko = 2246712, so …38.2246712.
        // The reference quotes this as …38.224672Z, within a microsecond of the exact instant.
        var timestamp = name.IdTimestamp!.Value;
        Assert.Equal(DateTimeOffset.Parse("2023-11-06T03:38:38.2246712Z", CultureInfo.InvariantCulture), timestamp);
        var referenceValue = new DateTimeOffset(2023, 11, 6, 3, 38, 38, 224, 672, TimeSpan.Zero);
        Assert.True((timestamp - referenceValue).Duration() < TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public void Uuid_ids_are_case_insensitive_and_kept_as_written()
    {
        var upper = SSTableFileName.Parse("nb-3GAU_0A4E_1C5KO2Q8HD3X0W3FM6-big-Data.db");
        var lower = SSTableFileName.Parse("nb-3gau_0a4e_1c5ko2q8hd3x0w3fm6-big-Data.db");

        Assert.Equal("3GAU_0A4E_1C5KO2Q8HD3X0W3FM6", upper.Id);
        Assert.Equal(lower.IdTimestamp, upper.IdTimestamp);
    }

    [Theory]
    [InlineData("oa-1-big-SAI+aa+val_idx+Meta.db", "SAI+aa+val_idx+Meta.db")]
    [InlineData("oa-1-big-SAI+aa+idx+PrimaryKeyBlocks.db", "SAI+aa+idx+PrimaryKeyBlocks.db")]
    public void Sai_components_keep_their_plus_separated_name(string fileName, string component)
    {
        var name = SSTableFileName.Parse(fileName);

        Assert.Equal(component, name.Component);
        Assert.Equal("oa-1-big-", name.Prefix);
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("schema.cql")]
    [InlineData("nb_txn_compaction_6b2d1c90-7f2a-11ee-b962-0242ac120002.log")]
    [InlineData("ks-t-tmp-ka-1-Data.db")]
    [InlineData("ks-t-tmplink-ka-1-Data.db")]
    [InlineData("nb-1-big-Data.db.tmp")]
    [InlineData("nb-1-big-Data.db.6b2d1c90-7f2a-11ee-b962-0242ac120002.tmp")]
    [InlineData("ks-nb-1-big-Data.db")] // 5 tokens
    [InlineData("ks-t-nb-1-big-Data.db")] // 6 tokens
    [InlineData("ks-t-la-1-Data.db")] // legacy layout with a 2.2+ version
    [InlineData("nb-12345678901-big-Data.db")] // 11 digits
    [InlineData("nb-3gau_0a4e_1c5ko2q8hd3x0w3fm-big-Data.db")] // 27-character uuid id
    [InlineData("NB-1-big-Data.db")]
    [InlineData("ks-t-KA-1-Data.db")]
    [InlineData("nb-1-BIG-Data.db")]
    [InlineData("nb-1-xyz-Data.db")]
    [InlineData("nb-1-big-")]
    [InlineData(".idx/nb-1-big-Data.db")]
    [InlineData("")]
    public void Names_that_are_not_sstable_components_are_rejected(string fileName)
    {
        Assert.False(SSTableFileName.TryParse(fileName, out var name));
        Assert.Null(name);
    }

    [Fact]
    public void Parse_names_the_file_it_rejects()
    {
        var error = Assert.Throws<FormatException>(() => SSTableFileName.Parse("manifest.json"));

        Assert.Contains("manifest.json", error.Message, StringComparison.Ordinal);
    }
}

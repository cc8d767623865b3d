using System.Globalization;
using System.Text.RegularExpressions;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>Flushed SSTables carry real names, component sets, TOC.txt, digests and Statistics.db.</summary>
public sealed class SSTableLayoutTests
{
    public static TheoryData<string> Formats => new("nb", "nb-uuid", "oa", "da");

    [Theory]
    [MemberData(nameof(Formats))]
    public void Flush_writes_a_complete_generation_per_data_directory_with_real_names(string formatName)
    {
        var format = SSTableFormat.Parse(formatName);
        using var sandbox = new SandboxHarness(format);
        sandbox.Write("shop.orders", 300);
        sandbox.NodetoolOk("flush", "shop");

        var tableDirectories = sandbox.TableDirectories("shop.orders");
        Assert.Equal(2, tableDirectories.Count);
        foreach (var directory in tableDirectories)
        {
            Assert.Matches(@"/shop/orders-[0-9a-f]{32}$", directory);
        }

        var dataFiles = sandbox.LiveDataFiles("shop.orders");
        Assert.Equal(2, dataFiles.Count); // 300 keys spread over both data directories' token ranges
        var idPattern = format.UuidIdentifiers ? "[0-9a-z]{4}_[0-9a-z]{4}_[0-9a-z]{18}" : @"\d+";
        var expected = format.IsBti
            ? new[] { "CompressionInfo.db", "Data.db", "Digest.crc32", "Filter.db", "Partitions.db", "Rows.db", "Statistics.db", "TOC.txt" }
            : ["CompressionInfo.db", "Data.db", "Digest.crc32", "Filter.db", "Index.db", "Statistics.db", "Summary.db", "TOC.txt"];
        foreach (var dataFile in dataFiles)
        {
            var name = Path.GetFileName(dataFile);
            Assert.Matches($"^{format.Version}-{idPattern}-{format.FormatName}-Data\\.db$", name);
            var prefix = name[..^"Data.db".Length];
            var components = Directory.EnumerateFiles(Path.GetDirectoryName(dataFile)!, prefix + "*")
                .Select(f => Path.GetFileName(f)[prefix.Length..]).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, components);

            var toc = File.ReadAllText(Path.Combine(Path.GetDirectoryName(dataFile)!, prefix + "TOC.txt"));
            Assert.EndsWith("\n", toc, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", toc, StringComparison.Ordinal);
            Assert.Equal(expected, toc.TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal).ToArray());
        }
    }

    [Fact]
    public void Sequential_generations_keep_counting_across_flushes_and_uuid_ids_sort_by_time()
    {
        using var sandbox = new SandboxHarness(SSTableFormat.Nb, dataDirectories: 1);
        for (var i = 0; i < 3; i++)
        {
            sandbox.Write("ks.t", 10, startKey: i * 10);
            sandbox.NodetoolOk("flush", "ks", "t");
        }

        Assert.Equal(["nb-1-big-Data.db", "nb-2-big-Data.db", "nb-3-big-Data.db"], sandbox.LiveDataFiles("ks.t").Select(Path.GetFileName));

        using var uuid = new SandboxHarness(SSTableFormat.NbUuid, dataDirectories: 1);
        for (var i = 0; i < 3; i++)
        {
            uuid.Write("ks.t", 10, startKey: i * 10);
            uuid.NodetoolOk("flush", "ks", "t");
        }

        var ids = uuid.LiveDataFiles("ks.t").Select(f => Path.GetFileName(f).Split('-')[1]).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        var times = ids.Select(id => SSTableId.TryParse(id, out var parsed) ? parsed!.UuidTimestampUtc!.Value : throw new FormatException(id)).ToList();
        Assert.All(times, t => Assert.InRange(t, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public void Digest_crc32_is_zlib_crc32_of_the_whole_Data_db_in_decimal_without_newline()
    {
        using var sandbox = new SandboxHarness();
        sandbox.Write("ks.big", 5000, valueSize: 100);
        sandbox.NodetoolOk("flush");
        foreach (var dataFile in sandbox.LiveDataFiles("ks.big"))
        {
            var digest = File.ReadAllText(dataFile.Replace("Data.db", "Digest.crc32", StringComparison.Ordinal));
            Assert.Matches("^[0-9]+$", digest);
            Assert.Equal(IndependentChecks.ZlibCrc32(dataFile).ToString(CultureInfo.InvariantCulture), digest);
            Assert.True(new FileInfo(dataFile).Length > 16 * 1024, "several 16 KiB chunks were written");
        }
    }

    [Fact]
    public void Uncompressed_tables_get_CRC_db_instead_of_CompressionInfo_db()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.raw", 2000, valueSize: 100, creation: new() { Storage = TableStorageOptions.Uncompressed });
        sandbox.NodetoolOk("flush", "ks");
        var dataFile = Assert.Single(sandbox.LiveDataFiles("ks.raw"));
        var crcFile = dataFile.Replace("Data.db", "CRC.db", StringComparison.Ordinal);
        Assert.True(File.Exists(crcFile));
        Assert.False(File.Exists(dataFile.Replace("Data.db", "CompressionInfo.db", StringComparison.Ordinal)));
        Assert.Contains("CRC.db\n", File.ReadAllText(dataFile.Replace("Data.db", "TOC.txt", StringComparison.Ordinal)), StringComparison.Ordinal);

        // i32 chunk size 65536, then one CRC32 per 64 KiB slice of Data.db.
        var crc = File.ReadAllBytes(crcFile);
        var length = new FileInfo(dataFile).Length;
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, crc[..4]);
        Assert.Equal(4 + (4 * (int)((length + 65535) / 65536)), crc.Length);
    }

    [Fact]
    public void Statistics_db_records_min_and_max_client_timestamps_and_deletion_times()
    {
        using var sandbox = new SandboxHarness(SSTableFormat.Nb, dataDirectories: 1);
        sandbox.Write("ks.t", 10, timestampMicros: 1_700_000_000_000_000);
        sandbox.Write("ks.t", 10, startKey: 10, timestampMicros: 1_700_000_123_000_000);
        sandbox.NodetoolOk("flush", "ks");
        var bounds = StatisticsReader.Read(Assert.Single(sandbox.LiveDataFiles("ks.t")).Replace("Data.db", "Statistics.db", StringComparison.Ordinal));
        Assert.Equal(1_700_000_000_000_000, bounds.MinTimestamp);
        Assert.Equal(1_700_000_123_000_000, bounds.MaxTimestamp);
        Assert.Equal((uint)int.MaxValue, bounds.MaxLocalDeletionTime); // 4.1: signed, MAX_VALUE = no deletion

        using var cassandra50 = new SandboxHarness(SSTableFormat.Oa, dataDirectories: 1);
        cassandra50.Write("ks.t", 5, timestampMicros: 42);
        cassandra50.NodetoolOk("flush", "ks");
        var oa = StatisticsReader.Read(Assert.Single(cassandra50.LiveDataFiles("ks.t")).Replace("Data.db", "Statistics.db", StringComparison.Ordinal));
        Assert.Equal(42, oa.MinTimestamp);
        Assert.Equal(42, oa.MaxTimestamp);
        Assert.Equal(uint.MaxValue, oa.MaxLocalDeletionTime); // 5.0: unsigned, 0xFFFFFFFF = no deletion
    }

    [Theory]
    [InlineData("nb/input-four/nb-1-big-Statistics.db", 1749466619146636L, 1749466619146636L, (uint)int.MaxValue)]
    [InlineData("oa/input-five/oa-2-big-Statistics.db", 1757077384523815L, 1757077384523815L, uint.MaxValue)]
    public void The_test_statistics_reader_agrees_with_real_Cassandra_files(string fixture, long min, long max, uint noDeletion)
    {
        var bounds = StatisticsReader.Read(Path.Combine(RepositoryPaths.SSTableFixtures, fixture));
        Assert.Equal(min, bounds.MinTimestamp);
        Assert.Equal(max, bounds.MaxTimestamp);
        Assert.Equal(noDeletion, bounds.MaxLocalDeletionTime);
    }

    [Fact]
    public void Secondary_index_SSTables_live_in_a_dot_index_subdirectory_with_the_same_names()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        sandbox.Write("ks.users", 50, creation: new() { Indexes = ["users_value_idx"] });
        sandbox.NodetoolOk("flush", "ks");
        var tableDirectory = Assert.Single(sandbox.TableDirectories("ks.users"));
        var indexDirectory = Path.Combine(tableDirectory, ".users_value_idx");
        Assert.True(File.Exists(Path.Combine(indexDirectory, "nb-1-big-Data.db")));
        Assert.True(File.Exists(Path.Combine(indexDirectory, "nb-1-big-TOC.txt")));
    }

    [Fact]
    public void System_keyspaces_exist_with_Cassandras_fixed_table_ids()
    {
        using var sandbox = new SandboxHarness(dataDirectories: 1);
        var data = sandbox.Config().DataDirectories[0];
        Assert.True(Directory.Exists(Path.Combine(data, "system", "local-7ad54392bcdd35a684174e047860b377")));
        Assert.True(Directory.Exists(Path.Combine(data, "system", "peers_v2-c4325fbb8e5e3bafbd070f9250ed818e")));
        Assert.True(Directory.Exists(Path.Combine(data, "system_schema", "tables-afddfb9dbc1e30688056eed6c302ba09")));
        Assert.True(Directory.Exists(Path.Combine(data, "system_schema", "keyspaces-abac5682dea631c5b535b3d6cffd0fb6")));
        foreach (var keyspace in new[] { "system_auth", "system_distributed", "system_traces" })
        {
            Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(data, keyspace)));
        }

        // system.local is written and flushed at start-up, as a real node does.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(data, "system", "local-7ad54392bcdd35a684174e047860b377"), "*-Data.db"));

        // Creating a table records it in system_schema, which is flushed at once.
        sandbox.Write("ks.t", 1);
        var tables = Path.Combine(data, "system_schema", "tables-afddfb9dbc1e30688056eed6c302ba09");
        Assert.NotEmpty(Directory.EnumerateFiles(tables, "*-Data.db"));
    }
}

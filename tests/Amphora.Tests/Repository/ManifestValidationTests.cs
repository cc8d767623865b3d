using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Amphora.Core.Catalog;
using Amphora.Core.Repository;
using Amphora.Storage;
using Amphora.Storage.Local;
using Amphora.Tests.Support;

namespace Amphora.Tests.Repository;

/// <summary>
/// Everything read from a location is untrusted: a manifest that names a path outside its table, an absurd size, a
/// duplicate, an unknown version, or that is truncated or not JSON at all, is refused by the one place manifests are read,
/// with a message naming the key and the field, and never followed; a purge or delete meeting one stops and deletes nothing.
/// </summary>
public sealed class ManifestValidationTests : IDisposable
{
    private const string Cluster = "Test Cluster";
    private const string Tag = "t1";
    private static readonly Guid Host = Guid.Parse("f14c25a2-79eb-41b4-84b7-331b133fb19c");
    private static readonly string Key = RepositoryKeys.Manifest(Cluster, Tag, Host);
    private static readonly string Hash = new('a', 64);

    /// <summary>Each case changes the valid manifest in one way; the refusal must name this field.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Tamper, string Field)> Tampered = new(StringComparer.Ordinal)
    {
        ["path ../../etc/passwd"] = (m => File(m)["path"] = "../../etc/passwd", "tables[0].files[0].path"),
        ["path /etc/passwd"] = (m => File(m)["path"] = "/etc/passwd", "tables[0].files[0].path"),
        ["path .."] = (m => File(m)["path"] = "..", "tables[0].files[0].path"),
        ["path ."] = (m => File(m)["path"] = ".", "tables[0].files[0].path"),
        ["path empty"] = (m => File(m)["path"] = "", "tables[0].files[0].path"),
        ["path a//b"] = (m => File(m)["path"] = "a//b", "tables[0].files[0].path"),
        ["path trailing /"] = (m => File(m)["path"] = ".orders_by_customer/", "tables[0].files[0].path"),
        ["path C:\\x"] = (m => File(m)["path"] = @"C:\x", "tables[0].files[0].path"),
        ["path C:x"] = (m => File(m)["path"] = "C:x", "tables[0].files[0].path"),
        ["path with NUL"] = (m => File(m)["path"] = "nb-1-big-Data.db\u0000", "tables[0].files[0].path"),
        ["path with a newline"] = (m => File(m)["path"] = "nb-1-big-Data.db\n", "tables[0].files[0].path"),
        ["path with an RTL override"] = (m => File(m)["path"] = "\u202Enb-1-big-Data.db", "tables[0].files[0].path"),
        ["path of fullwidth dots"] = (m => File(m)["path"] = "\uFF0E\uFF0E/x", "tables[0].files[0].path"),
        ["path with a combining mark"] = (m => File(m)["path"] = "nb-1-big-Data.db\u0301", "tables[0].files[0].path"),
        ["path with a Cyrillic look-alike"] = (m => File(m)["path"] = "nb-1-big-D\u0430ta.db", "tables[0].files[0].path"),
        ["path .idx/../x"] = (m => File(m)["path"] = ".idx/../x", "tables[0].files[0].path"),
        ["path of three segments"] = (m => File(m)["path"] = ".idx/sub/nb-1-big-Data.db", "tables[0].files[0].path"),
        ["path under a non-index directory"] = (m => File(m)["path"] = "snapshots/nb-1-big-Data.db", "tables[0].files[0].path"),
        ["path with ':'"] = (m => File(m)["path"] = "nb-1-big-Data.db:stream", "tables[0].files[0].path"),
        ["path too long"] = (m => File(m)["path"] = new string('x', 5000), "tables[0].files[0].path"),
        ["path null"] = (m => File(m)["path"] = null, "tables[0].files[0].path"),
        ["size -1"] = (m => File(m)["size"] = -1, "tables[0].files[0].size"),
        ["size 2^60"] = (m => File(m)["size"] = 1L << 60, "tables[0].files[0].size"),
        ["duplicate path"] = (m => Files(m).Add(File(m).DeepClone()), "tables[0].files[5].path"),
        ["duplicate table"] = (m => Tables(m).Add(Tables(m)[0]!.DeepClone()), "tables[2]"),
        ["data_directory 5 of 1"] = (m =>
        {
            Node(m)["data_directories"] = new JsonArray("/var/lib/cassandra/data1");
            File(m)["data_directory"] = 5;
        }, "tables[0].files[0].data_directory"),
        ["data_directory -1"] = (m => File(m)["data_directory"] = -1, "tables[0].files[0].data_directory"),
        ["hash uppercase"] = (m => File(m)["hash"] = Hash.ToUpperInvariant(), "tables[0].files[0].hash"),
        ["hash short"] = (m => File(m)["hash"] = Hash[..63], "tables[0].files[0].hash"),
        ["hash null"] = (m => File(m)["hash"] = null, "tables[0].files[0].hash"),
        ["file null"] = (m => Files(m)[1] = null, "tables[0].files[1]"),
        ["files null"] = (m => Table(m)["files"] = null, "tables[0].files"),
        ["sstable id differs from the file name"] = (m => File(m)["sstable"]!["id"] = "2", "tables[0].files[0].sstable.id"),
        ["sstable component differs from the file name"] = (m => File(m)["sstable"]!["component"] = "Index.db", "tables[0].files[0].sstable.component"),
        ["sstable on a file that is no SSTable"] = (m => File(m, 3)["sstable"] = File(m)["sstable"]!.DeepClone(), "tables[0].files[3].sstable"),
        ["format_version 2"] = (m => m["format_version"] = 2, "format_version"),
        ["format_version 0"] = (m => m["format_version"] = 0, "format_version"),
        ["format other"] = (m => m["format"] = "other", "format"),
        ["format null"] = (m => m["format"] = null, "format"),
        ["tag null"] = (m => m["tag"] = null, "tag"),
        ["tag differs from the key"] = (m => m["tag"] = "t2", "tag"),
        ["tag not a tag"] = (m => m["tag"] = "../t1", "tag"),
        ["kind other"] = (m => m["kind"] = "differential", "kind"),
        ["snapshot_name null"] = (m => m["snapshot_name"] = null, "snapshot_name"),
        ["node null"] = (m => m["node"] = null, "node"),
        ["host_id differs from the key"] = (m => Node(m)["host_id"] = Guid.Empty.ToString(), "node.host_id"),
        ["cluster differs from the key"] = (m => Node(m)["cluster"] = "Other Cluster", "node.cluster"),
        ["datacenter with a terminal escape"] = (m => Node(m)["datacenter"] = "\u001b[2Jdc1", "node.datacenter"),
        ["rack null"] = (m => Node(m)["rack"] = null, "node.rack"),
        ["token null"] = (m => Node(m)["tokens"] = new JsonArray("1", null), "node.tokens[1]"),
        ["too many tokens"] = (m => Node(m)["tokens"] = new JsonArray([.. Enumerable.Range(0, ManifestValidator.MaxTokens + 1).Select(i => JsonValue.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]), "node.tokens"),
        ["no data directory"] = (m => Node(m)["data_directories"] = new JsonArray(), "node.data_directories"),
        ["relative data directory"] = (m => Node(m)["data_directories"] = new JsonArray("/var/lib/cassandra/data1", "data2"), "node.data_directories[1]"),
        ["duplicate data directory"] = (m => Node(m)["data_directories"] = new JsonArray("/data", "/data"), "node.data_directories[1]"),
        ["data directory with a control character"] = (m => Node(m)["data_directories"] = new JsonArray("/data\r", "/data2"), "node.data_directories[0]"),
        ["65 data directories"] = (m => Node(m)["data_directories"] = new JsonArray([.. Enumerable.Range(0, 65).Select(i => JsonValue.Create($"/data{i}"))]), "node.data_directories"),
        ["tables null"] = (m => m["tables"] = null, "tables"),
        ["table null"] = (m => Tables(m)[1] = null, "tables[1]"),
        ["keyspace non-ASCII"] = (m => Table(m)["keyspace"] = "sh\u00F6p", "tables[0].keyspace"),
        ["keyspace with a dot"] = (m => Table(m)["keyspace"] = "shop.x", "tables[0].keyspace"),
        ["keyspace too long"] = (m => Table(m)["keyspace"] = new string('k', 223), "tables[0].keyspace"),
        ["table with a trailing newline"] = (m => Table(m)["table"] = "orders\n", "tables[0].table"),
        ["table ../x"] = (m => Table(m)["table"] = "../x", "tables[0].table"),
        ["table_id uppercase"] = (m => Table(m)["table_id"] = "2046822AE63511F188C02563D4E36AC1", "tables[0].table_id"),
        ["table_id short"] = (m => Table(m)["table_id"] = "2046822a", "tables[0].table_id"),
        ["sstables null"] = (m => Table(m)["sstables"] = null, "tables[0].sstables"),
        ["sstable prefix ../"] = (m => SSTable(m)["prefix"] = "../nb-1-big-", "tables[0].sstables[0].prefix"),
        ["sstable prefix not an SSTable's"] = (m => SSTable(m)["prefix"] = "manifest", "tables[0].sstables[0].prefix"),
        ["sstable prefix of no file"] = (m =>
        {
            SSTable(m)["prefix"] = "nb-9-big-";
            SSTable(m)["id"] = "9";
        }, "tables[0].sstables[0].prefix"),
        ["sstable prefix repeated"] = (m => SSTables(m).Add(SSTable(m).DeepClone()), "tables[0].sstables[2].prefix"),
        ["sstable version differs from its prefix"] = (m => SSTable(m)["version"] = "oa", "tables[0].sstables[0].version"),
        ["sstable min_timestamp after max"] = (m => SSTable(m)["time_bounds"]!["min_timestamp"] = 1_800_000_000_000_000, "tables[0].sstables[0].time_bounds"),
        ["sstable min local deletion time after max"] = (m => SSTable(m)["time_bounds"]!["min_local_deletion_time"] = 1_900_000_000, "tables[0].sstables[0].time_bounds"),
    };

    /// <summary>Objects that do not decode to one whole manifest; the refusal must say this much.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Object, string Says)> Undecodable = new(StringComparer.Ordinal)
    {
        ["gzip of not json"] = (() => Gzip("not json"u8), "invalid JSON"),
        ["gzip of a JSON array"] = (() => Gzip("[{\"format\": \"amphora-node-manifest\"}]"u8), "could not be converted"),
        ["gzip of a JSON number"] = (() => Gzip("42"u8), "could not be converted"),
        ["gzip of JSON null"] = (() => Gzip("null"u8), "JSON null"),
        ["gzip of an empty object"] = (() => Gzip("{}"u8), "missing required properties"),
        ["missing tag"] = (() => Gzip(Encoding.UTF8.GetBytes(Without(ValidJson(), "tag").ToJsonString())), "missing required properties including: 'tag'"),
        ["gzip of whitespace"] = (() => Gzip(" \n"u8), "does not contain any JSON tokens"),
        ["trailing garbage after the JSON"] = (() => Gzip([.. ValidJsonBytes(), .. " x"u8]), "after a single JSON value"),
        ["a second JSON document"] = (() => Gzip([.. ValidJsonBytes(), .. "{}"u8]), "after a single JSON value"),
        ["garbage after the gzip member"] = (() => [.. Gzip(ValidJsonBytes()), .. "garbage"u8], "truncated or corrupt"),
        ["a second gzip member"] = (() => [.. Gzip(ValidJsonBytes()), .. Gzip(" "u8)], "truncated or corrupt"),
        ["a corrupted trailer"] = (() => Flip(Gzip(ValidJsonBytes()), ^6), "truncated or corrupt"),
        ["corrupted deflate data"] = (() => Flip(Gzip(ValidJsonBytes()), 20), "not a readable Amphora document"),
        ["non-gzip bytes"] = (() => ValidJsonBytes(), "not gzip data (it starts with 0x7b 0x22)"),
        ["an empty object"] = (() => [], "empty, not gzip data"),
        ["nesting deeper than 64"] = (() => Gzip(Encoding.UTF8.GetBytes("{\"x\": " + new string('[', 100) + new string(']', 100) + "}")), "maximum configured depth"),
        ["a property given twice"] = (() => Gzip([.. "{\"tag\": \"t1\","u8, .. ValidJsonBytes()[1..]]), "Duplicate property 'tag'"),
        ["invalid UTF-8"] = (() => Gzip(Encoding.UTF8.GetBytes(ValidJson().ToJsonString().Replace("amphora-t1", "amphora-~1", StringComparison.Ordinal)).Select(b => b == '~' ? (byte)0xff : b).ToArray()), "$.snapshot_name"),
        ["a string for a size"] = (() => Gzip(Encoding.UTF8.GetBytes(ValidJson().ToJsonString().Replace("\"size\":22734", "\"size\":\"big\"", StringComparison.Ordinal))), "$.tables[0].files[0].size"),
        ["a size beyond 64 bits"] = (() => Gzip(Encoding.UTF8.GetBytes(ValidJson().ToJsonString().Replace("\"size\":22734", "\"size\":1e30", StringComparison.Ordinal))), "$.tables[0].files[0].size"),
        ["a host id that is no UUID"] = (() => Gzip(Encoding.UTF8.GetBytes(ValidJson().ToJsonString().Replace(Host.ToString(), "not-a-uuid", StringComparison.Ordinal))), "$.node.host_id"),
    };

    private readonly TempDirectory _directory = new();
    private readonly LocalObjectStore _store;

    public ManifestValidationTests() => _store = new LocalObjectStore(Path.Combine(_directory.Path, "location"));

    public static TheoryData<string> TamperedCases => [.. Tampered.Keys];

    public static TheoryData<string> UndecodableCases => [.. Undecodable.Keys];

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_valid_manifest_the_cases_start_from_is_read_back_whole()
    {
        await PutAsync(Gzip(ValidJsonBytes()));
        var manifest = await ReadAsync();
        Assert.NotNull(manifest);
        Assert.Equal(RepositoryJson.Serialize(ValidManifest()), RepositoryJson.Serialize(manifest));
    }

    [Theory]
    [MemberData(nameof(TamperedCases))]
    public async Task A_manifest_with_one_bad_field_is_refused_naming_the_key_and_the_field(string name)
    {
        var (tamper, field) = Tampered[name];
        var json = ValidJson();
        tamper(json);
        await PutAsync(Gzip(Encoding.UTF8.GetBytes(json.ToJsonString())));

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.StartsWith($"{Key}: {field} ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(name == "format_version 2" ? "upgrade Amphora to read it." : ManifestValidator.Advice + ".", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', refused.Message);
        Assert.DoesNotContain('\u001b', refused.Message);
    }

    [Fact]
    public async Task Fields_are_named_with_their_table_and_odd_characters_are_shown_escaped()
    {
        var json = ValidJson();
        File(json, 2, table: 1)["path"] = "\u202Enb-1-big-Data.db";
        await PutAsync(Gzip(Encoding.UTF8.GetBytes(json.ToJsonString())));

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.Equal(
            $"{Key}: tables[1].files[2].path '\\u202Enb-1-big-Data.db' of table shop.customers holds the non-ASCII character U+202E; " +
            "Cassandra's file names are ASCII; the manifest was not written by Amphora or was altered; do not restore from it, run 'amphora backups check'.",
            refused.Message);
    }

    [Fact]
    public async Task A_newer_format_version_asks_for_an_upgrade()
    {
        var json = ValidJson();
        json["format_version"] = 2;
        await PutAsync(Gzip(Encoding.UTF8.GetBytes(json.ToJsonString())));

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.Equal($"{Key}: format_version is 2: the manifest was written by a newer Amphora (version 2; this one reads up to 1); upgrade Amphora to read it.", refused.Message);
    }

    [Theory]
    [MemberData(nameof(UndecodableCases))]
    public async Task An_object_that_is_not_one_whole_manifest_is_refused_naming_the_key(string name)
    {
        var (content, says) = Undecodable[name];
        await PutAsync(content());

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.StartsWith($"{Key} is not a readable Amphora document: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(ManifestValidator.Advice + ".", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(18)]
    [InlineData(100)]
    [InlineData(-100)]
    [InlineData(-9)]
    [InlineData(-8)]
    [InlineData(-5)]
    [InlineData(-1)]
    public async Task A_truncated_manifest_is_refused_wherever_it_was_cut(int keep)
    {
        var whole = Gzip(ValidJsonBytes());
        await PutAsync(whole[..(keep > 0 ? keep : whole.Length + keep)]);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.StartsWith($"{Key} is not a readable Amphora document: ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(ManifestValidator.Advice + ".", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_is_stopped_at_the_size_cap()
    {
        // About 1 MB on disk, '{' and then more spaces than the cap once decompressed; written in 1 MiB steps.
        var bomb = Path.Combine(_directory.Path, "bomb.gz");
        await using (var file = System.IO.File.Create(bomb))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            gzip.Write("{"u8);
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (long written = 0; written <= RepositoryJson.MaxDocumentBytes; written += spaces.Length)
            {
                gzip.Write(spaces);
            }

            gzip.Write("}"u8);
        }

        Assert.InRange(new FileInfo(bomb).Length, 1, 4 << 20);
        await PutAsync(UploadSource.FromStream(new FileInfo(bomb).Length, () => System.IO.File.OpenRead(bomb)));

        var refused = await Assert.ThrowsAsync<InvalidDataException>(ReadAsync);

        Assert.StartsWith($"{Key} is not a readable Amphora document: its decompressed content is larger than 1,073,741,824 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_backup_of_the_sandbox_passes_with_index_files_system_tables_and_two_data_directories()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 500, creation: new() { Indexes = ["orders_value_idx"] });
        bench.Sandbox.Write("shop.customers", 100);
        await bench.BackupAsync("b1");

        var manifest = await bench.ManifestAsync("b1");

        Assert.Equal(2, manifest.Node.DataDirectories.Count);
        Assert.Contains(manifest.Files, f => f.Path.StartsWith(".orders_value_idx/", StringComparison.Ordinal));
        Assert.Contains(manifest.Files, f => f.DataDirectory == 1);
        Assert.Contains(manifest.Tables, t => t.Keyspace == "system_schema");
        ManifestValidator.Validate(manifest, RepositoryKeys.Manifest(BackupBench.ClusterName, "b1", bench.HostId()));
    }

    [Fact]
    public async Task Purge_and_delete_stop_at_an_invalid_manifest_and_delete_nothing()
    {
        using var bench = new BackupBench();
        bench.Sandbox.Write("shop.orders", 500);
        await bench.BackupAsync("b1");
        bench.ChangeOrders(500);
        await bench.BackupAsync("b2");

        // The newest backup, which every purge keeps, references nothing a reader could trust: if it counted as referencing
        // nothing, its content would go.
        var key = RepositoryKeys.Manifest(BackupBench.ClusterName, "b2", bench.HostId());
        var json = JsonNode.Parse(Gunzip(await System.IO.File.ReadAllBytesAsync(bench.ObjectPath(key))))!.AsObject();
        File(json)["path"] = "../../../etc/passwd";
        await System.IO.File.WriteAllBytesAsync(bench.ObjectPath(key), Gzip(Encoding.UTF8.GetBytes(json.ToJsonString())));
        var before = bench.ObjectKeys();
        var repository = await bench.RepositoryAsync();
        var deletion = new BackupDeletion(repository, new LockOptions());
        var b1 = Assert.Single((await new BackupCatalog(repository).FindAsync("b1", null, CancellationToken.None)).Nodes);

        foreach (var attempt in new Func<Task>[]
                 {
                     () => deletion.PurgeAsync(new RetentionPolicy(KeepLast: 1, null, TimeSpan.FromDays(1)), dryRun: false, CancellationToken.None),
                     () => deletion.DeleteAsync([b1], dryRun: false, CancellationToken.None),
                 })
        {
            var refused = await Assert.ThrowsAsync<InvalidDataException>(attempt);
            Assert.StartsWith($"{key}: tables[", refused.Message, StringComparison.Ordinal);
            Assert.Contains("].files[0].path '../../../etc/passwd'", refused.Message, StringComparison.Ordinal);
            Assert.Equal(before, bench.ObjectKeys());
        }
    }

    private Task PutAsync(byte[] content) => PutAsync(UploadSource.FromBytes(content));

    /// <summary>Stores the object as the manifest of the test's node backup, in a repository made for it.</summary>
    private async Task PutAsync(UploadSource content)
    {
        await BackupRepository.OpenAsync(_store, create: true, CancellationToken.None);
        await _store.PutAsync(Key, content, CancellationToken.None);
    }

    private async Task<NodeManifest?> ReadAsync()
    {
        var repository = await BackupRepository.OpenAsync(_store, create: false, CancellationToken.None);
        return await repository.ReadManifestAsync(Cluster, Tag, Host, CancellationToken.None);
    }

    /// <summary>Two tables, an index, two data directories, SSTables with and without time bounds, and non-SSTable files.</summary>
    private static NodeManifest ValidManifest()
    {
        static FileEntry SSTableFile(string path, int dataDirectory, long size, string id, string component) => new()
        {
            Path = path,
            DataDirectory = dataDirectory,
            Size = size,
            Hash = Hash,
            SSTable = new SSTableEntry { Version = "nb", Id = id, Format = "big", Component = component },
        };

        static FileEntry OtherFile(string path) => new() { Path = path, DataDirectory = 0, Size = 101, Hash = new string('b', 64) };

        var started = new DateTimeOffset(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);
        return new NodeManifest
        {
            Tag = Tag,
            Kind = "snapshot",
            SnapshotName = "amphora-" + Tag,
            StartedAt = started,
            FinishedAt = started.AddMinutes(2),
            Node = new NodeEntry
            {
                Cluster = Cluster,
                Datacenter = "dc1",
                Rack = "rack1",
                HostId = Host,
                Hostname = "cass-1",
                Tokens = ["-9100000000000000000", "42"],
                CassandraVersion = "4.1.7",
                DataDirectories = ["/var/lib/cassandra/data1", "/var/lib/cassandra/data2"],
            },
            Tables =
            [
                new TableEntry
                {
                    Keyspace = "shop",
                    Table = "orders",
                    TableId = "2046822ae63511f188c02563d4e36ac1",
                    Schema = "CREATE TABLE IF NOT EXISTS shop.orders (id bigint PRIMARY KEY, value text);",
                    Files =
                    [
                        SSTableFile("nb-1-big-Data.db", 0, 22734, "1", "Data.db"),
                        SSTableFile("nb-1-big-Statistics.db", 0, 4600, "1", "Statistics.db"),
                        SSTableFile(".orders_by_customer/nb-1-big-Data.db", 1, 812, "1", "Data.db"),
                        OtherFile("manifest.json"),
                        OtherFile("schema.cql"),
                    ],
                    SSTables =
                    [
                        new SSTableSummary
                        {
                            Prefix = "nb-1-big-",
                            Version = "nb",
                            Id = "1",
                            Format = "big",
                            TimeBounds = new SSTableTimeBounds
                            {
                                MinTimestamp = 1_700_000_000_000_000,
                                MaxTimestamp = 1_700_000_100_000_000,
                                MinLocalDeletionTime = 1_700_000_000,
                                MaxLocalDeletionTime = 1_700_000_100,
                            },
                        },
                        new SSTableSummary { Prefix = ".orders_by_customer/nb-1-big-", Version = "nb", Id = "1", Format = "big" },
                    ],
                },
                new TableEntry
                {
                    Keyspace = "shop",
                    Table = "customers",
                    TableId = null,
                    Files = [SSTableFile("nb-3-big-Data.db", 1, 1000, "3", "Data.db"), SSTableFile("nb-3-big-TOC.txt", 1, 80, "3", "TOC.txt"), OtherFile("zz.txt")],
                },
            ],
        };
    }

    private static JsonObject ValidJson() => JsonNode.Parse(RepositoryJson.Serialize(ValidManifest()))!.AsObject();

    private static byte[] ValidJsonBytes() => RepositoryJson.Serialize(ValidManifest());

    private static JsonObject Without(JsonObject manifest, string property)
    {
        manifest.Remove(property);
        return manifest;
    }

    private static JsonArray Tables(JsonObject manifest) => manifest["tables"]!.AsArray();

    private static JsonObject Table(JsonObject manifest, int table = 0) => Tables(manifest)[table]!.AsObject();

    private static JsonArray Files(JsonObject manifest, int table = 0) => Table(manifest, table)["files"]!.AsArray();

    private static JsonObject File(JsonObject manifest, int file = 0, int table = 0) => Files(manifest, table)[file]!.AsObject();

    private static JsonArray SSTables(JsonObject manifest) => Table(manifest)["sstables"]!.AsArray();

    private static JsonObject SSTable(JsonObject manifest) => SSTables(manifest)[0]!.AsObject();

    private static JsonObject Node(JsonObject manifest) => manifest["node"]!.AsObject();

    private static byte[] Gzip(ReadOnlySpan<byte> content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Flip(byte[] content, Index at)
    {
        content[at] ^= 0x40;
        return content;
    }
}

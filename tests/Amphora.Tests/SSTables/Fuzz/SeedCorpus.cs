using System.Text;
using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// The valid inputs each parser's fuzzing starts from: every real fixture file of that component (all seven sets) plus
/// small synthetic ones for layouts and shapes the fixtures lack.
/// </summary>
public static class SeedCorpus
{
    private static readonly SSTableVersion Jb = new("jb", "big");
    private static readonly SSTableVersion Ka = new("ka", "big");
    private static readonly SSTableVersion Md = new("md", "big");
    private static readonly SSTableVersion Nb = new("nb", "big");
    private static readonly SSTableVersion Oa = new("oa", "big");
    private static readonly SSTableVersion Bti = new("da", "bti");

    public static IReadOnlyList<FuzzSeed> FileNames { get; } =
    [
        .. FixtureCorpus.Sets.SelectMany(set => set.Components.Keys.Select(component => Text(set.Prefix + component, set.Version))),
        Text("nb-3gau_0a4e_1c5ko2q8hd3x0w3fm6-big-Data.db", Nb),
        Text("oa-3GAU_0A4E_1C5KO2Q8HD3X0W3FM6-big-Statistics.db", Oa),
        Text("oa-zzzz_zzzz_zzzzzzzzzzzzzzzzzz-big-TOC.txt", Oa),
        Text("da-1-bti-Partitions.db", Bti),
        Text("oa-2-big-SAI+aa+orders_by_day+Meta.db", Oa),
        Text("nb-2147483647-big-CRC.db", Nb),
        Text("me-9999999999-big-Summary.db", new SSTableVersion("me", "big")),
        Text("shop-orders.orders_by_day-ka-12-Index.db", Ka),
        Text("ks-t-jb-3-Digest.sha1", Jb),
    ];

    public static IReadOnlyList<FuzzSeed> Tocs { get; } =
    [
        .. Fixture("TOC.txt"),
        Text("Data.db\n", Nb),
        Text("Data.db\r\nPartitions.db\r\nRows.db\r\nStatistics.db\r\nTOC.txt\r\n", Bti),
        Text("TOC.txt\nSAI+aa+orders_by_day+Meta.db\nSAI+aa+orders_by_day+TermsData.db\nData.db", Oa),
    ];

    public static IReadOnlyList<FuzzSeed> Digests { get; } =
    [
        .. FixtureCorpus.Sets.Where(set => set.DigestComponent is not null).Select(set => Seed(set, set.DigestComponent!)),
        Text("0", Nb),
        Text("4294967295\n", Oa),
        Text("2864434397\r\n", Md),
        Text("da39a3ee5e6b4b0d3255bfef95601890afd80709  ks-t-jb-1-Data.db\n", Jb),
        Text("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", Jb),
    ];

    public static IReadOnlyList<FuzzSeed> CompressionInfos { get; } =
    [
        .. Fixture("CompressionInfo.db"),
        .. new[] { Ka, Md, Nb, Bti }.SelectMany(version => new FuzzSeed[]
        {
            new($"synthetic empty CompressionInfo.db ({version.Version})", version, SyntheticComponents.CompressionInfo(version, 65536, 0, [])),
            new($"synthetic three-chunk CompressionInfo.db with options ({version.Version})", version, SyntheticComponents.CompressionInfo(
                version, 4096, 10_000, [0, 1000, 2100], ("crc_check_chance", "1.0"), ("enabled", "true"))),
        }),
    ];

    public static IReadOnlyList<FuzzSeed> Crcs { get; } =
    [
        .. Fixture("CRC.db"),
        new("synthetic CRC.db without slices", Md, SyntheticComponents.Crc(65536)),
        new("synthetic CRC.db with three 1 KiB slices", Md, SyntheticComponents.Crc(1024, 0xDEADBEEF, 1, 0xFFFFFFFF)),
    ];

    public static IReadOnlyList<FuzzSeed> Statistics { get; } =
    [
        .. Fixture("Statistics.db"),
        .. new[] { Jb, Ka, Md, Nb, Oa, Bti }.SelectMany(version => new FuzzSeed[]
        {
            new($"synthetic Statistics.db ({version.Version})", version, SyntheticComponents.Statistics(version, 0)),
            new($"synthetic Statistics.db with histograms ({version.Version})", version, SyntheticComponents.Statistics(version, 3)),
        }),
    ];

    private static IEnumerable<FuzzSeed> Fixture(string component) =>
        FixtureCorpus.Sets.Where(set => set.Components.ContainsKey(component)).Select(set => Seed(set, component));

    private static FuzzSeed Seed(FixtureSSTable set, string component) => new(set.Directory + "/" + set.Prefix + component, set.Version, set.Components[component]);

    private static FuzzSeed Text(string text, SSTableVersion version) => new($"'{text.ReplaceLineEndings("⏎")}'", version, Encoding.UTF8.GetBytes(text));
}

using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables;

/// <summary>
/// What an SSTable's two-letter version (and format) means for its files, from Cassandra's BigVersion/BtiVersion and
/// Scylla's sstable_version (cassandra-on-disk.md sections 1-5). Versions compare as strings: jb &lt; ka &lt; … &lt; oa.
/// </summary>
public sealed record SSTableVersion(string Version, string Format)
{
    // Every version whose layout this code knows, and who writes it; an unknown one gets only the checks that do not depend on it.
    private static readonly Dictionary<string, string> KnownBig = new(StringComparer.Ordinal)
    {
        ["jb"] = "Cassandra 2.0",
        ["ka"] = "Cassandra 2.1, ScyllaDB",
        ["la"] = "Cassandra 2.2, ScyllaDB",
        ["lb"] = "Cassandra 2.2.7+",
        ["ma"] = "Cassandra 3.0",
        ["mb"] = "Cassandra 3.0.7+",
        ["mc"] = "Cassandra 3.0.8+/3.9+, ScyllaDB",
        ["md"] = "Cassandra 3.0.18+/3.11.4+, ScyllaDB",
        ["me"] = "Cassandra 3.0.25+/3.11.11+, ScyllaDB",
        ["ms"] = "ScyllaDB 2025.4+",
        ["mt"] = "ScyllaDB 2026.2+",
        ["na"] = "Cassandra 4.0-rc1",
        ["nb"] = "Cassandra 4.0+",
        ["nc"] = "Cassandra 5.0 (storage compatibility mode)",
        ["oa"] = "Cassandra 5.0+",
    };

    public static SSTableVersion Of(SSTableFileName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SSTableVersion(name.Version, name.Format);
    }

    public bool IsBti => Format == "bti";

    public bool IsKnown => IsBti ? Version == "da" : KnownBig.ContainsKey(Version);

    /// <summary>Which releases write this version, for people reading a report.</summary>
    public string WrittenBy => IsBti ? (Version == "da" ? "Cassandra 5.0+ (BTI)" : "unknown") : KnownBig.GetValueOrDefault(Version, "unknown");

    /// <summary>Digest.sha1 up to ka (which kept the name but holds Adler32), Digest.adler32 for la/lb, Digest.crc32 since ma.</summary>
    public string DigestComponent => IsBti || AtLeast("ma") ? "Digest.crc32" : AtLeast("la") ? "Digest.adler32" : "Digest.sha1";

    /// <summary>jb's Digest.sha1 holds a SHA-1 in sha1sum style; every later digest is a decimal checksum.</summary>
    public bool DigestIsSha1 => !IsBti && !AtLeast("ka");

    /// <summary>The whole-file digest: Adler32 for ka to lb ("for a while Adler32 was in use"), CRC32 since ma.</summary>
    public ChecksumKind DigestChecksum => IsBti || AtLeast("ma") ? ChecksumKind.Crc32 : ChecksumKind.Adler32;

    /// <summary>Compressed chunk trailers: Adler32 for jb to lb, CRC32 since ma.</summary>
    public ChecksumKind ChunkChecksum => IsBti || AtLeast("ma") ? ChecksumKind.Crc32 : ChecksumKind.Adler32;

    /// <summary>CRC.db slices: CRC32 in jb, then the digest's family.</summary>
    public ChecksumKind CrcFileChecksum => DigestIsSha1 ? ChecksumKind.Crc32 : DigestChecksum;

    /// <summary>CompressionInfo.db carries maxCompressedLength since na and in BTI.</summary>
    public bool HasMaxCompressedLength => IsBti || AtLeast("na");

    /// <summary>Statistics.db's table of contents and components carry CRC32s since na and in BTI.</summary>
    public bool StatisticsHasChecksums => IsBti || AtLeast("na");

    /// <summary>jb has no Statistics.db table of contents: the STATS component starts at byte 0.</summary>
    public bool StatisticsHasHeader => IsBti || AtLeast("ka");

    public LocalDeletionTimeLayout LocalDeletionTimes =>
        IsBti || AtLeast("oa") ? LocalDeletionTimeLayout.MinMaxUnsigned
        : AtLeast("ma") ? LocalDeletionTimeLayout.MinMaxSigned
        : LocalDeletionTimeLayout.MaxOnly;

    /// <summary>The components Cassandra cannot open the SSTable without, whatever TOC.txt says.</summary>
    public IReadOnlyList<string> MandatoryComponents => IsBti
        ? ["Data.db", "Partitions.db", "Rows.db", "Statistics.db"]
        : ["Data.db", "Index.db", "Statistics.db"];

    public override string ToString() => $"{Version} ({Format})";

    private bool AtLeast(string version) => string.CompareOrdinal(Version, version) >= 0;
}

/// <summary>How Statistics.db stores local deletion times (seconds since the epoch).</summary>
public enum LocalDeletionTimeLayout
{
    /// <summary>ka, la: only the maximum, a signed int.</summary>
    MaxOnly,

    /// <summary>ma to nc: minimum and maximum, signed ints, Integer.MAX_VALUE for none.</summary>
    MinMaxSigned,

    /// <summary>oa and BTI: minimum and maximum, unsigned ints, 0xFFFFFFFF for none.</summary>
    MinMaxUnsigned,
}

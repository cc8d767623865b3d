using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables;

/// <summary>
/// What an SSTable's two-letter version (and format) means for its files, from Cassandra's BigVersion/BtiVersion and
/// Scylla's sstable_version (cassandra-on-disk.md sections 1-5). Versions compare as strings: jb &lt; ka &lt; … &lt; oa.
/// </summary>
public sealed record SSTableVersion(string Version, string Format)
{
    // Every version whose layout this code knows; an unknown one gets only the checks that do not depend on it.
    private static readonly HashSet<string> KnownBig = new(StringComparer.Ordinal)
    {
        "jb", "ka", "la", "lb", "ma", "mb", "mc", "md", "me", "ms", "mt", "na", "nb", "nc", "oa",
    };

    public static SSTableVersion Of(SSTableFileName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SSTableVersion(name.Version, name.Format);
    }

    public bool IsBti => Format == "bti";

    public bool IsKnown => IsBti ? Version == "da" : KnownBig.Contains(Version);

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

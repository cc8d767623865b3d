namespace Amphora.Core.SSTables.Verification;

/// <summary>The names of the checks, as reports and JSON output show them.</summary>
public static class SSTableChecks
{
    /// <summary>The version is one this Amphora does not know, so its layout-dependent checks could not run.</summary>
    public const string Version = "version";

    /// <summary>TOC.txt is unreadable.</summary>
    public const string Toc = "toc";

    /// <summary>A component TOC.txt lists, or the format requires, is not there.</summary>
    public const string ComponentMissing = "component-missing";

    /// <summary>A component is not the size recorded for it.</summary>
    public const string Size = "size";

    /// <summary>The Digest file is unreadable, or the whole Data.db does not match it.</summary>
    public const string Digest = "digest";

    /// <summary>CompressionInfo.db is unreadable or inconsistent.</summary>
    public const string CompressionInfo = "compression-info";

    /// <summary>The chunk offsets do not fit Data.db's size.</summary>
    public const string ChunkOffsets = "chunk-offsets";

    /// <summary>A compressed chunk's payload does not match its checksum trailer.</summary>
    public const string ChunkChecksum = "chunk-checksum";

    /// <summary>CRC.db is unreadable, or a slice of Data.db does not match it.</summary>
    public const string Crc = "crc";

    /// <summary>Statistics.db is unreadable or fails its checksums.</summary>
    public const string Statistics = "statistics";

    /// <summary>A component could not be read at all (I/O or storage error).</summary>
    public const string Unreadable = "unreadable";
}

namespace Amphora.Core.Checksums;

/// <summary>The checksum algorithms Cassandra has used for SSTable digests, chunk trailers and CRC.db.</summary>
public enum ChecksumKind
{
    Adler32,
    Crc32,
}

public static class ChecksumKinds
{
    public static IRunningChecksum Create(this ChecksumKind kind) => kind switch
    {
        ChecksumKind.Adler32 => new Adler32(),
        ChecksumKind.Crc32 => new Crc32(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown checksum kind"),
    };
}

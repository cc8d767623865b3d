using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>One version per layout the parsers tell apart (cassandra-on-disk.md sections 1-5), plus one they do not know.</summary>
public static class ParserVersions
{
    public static IReadOnlyList<SSTableVersion> All { get; } =
    [
        new("jb", "big"), // no Statistics.db header, SHA-1 digest
        new("ka", "big"), // header without checksums, max-only deletion time
        new("la", "big"),
        new("mc", "big"), // signed min and max deletion times
        new("md", "big"),
        new("nb", "big"), // checksummed Statistics.db, maxCompressedLength
        new("nc", "big"),
        new("oa", "big"), // unsigned deletion times
        new("da", "bti"),
        new("zz", "big"), // unknown: parsed as the newest layout
    ];
}

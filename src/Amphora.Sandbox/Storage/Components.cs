namespace Amphora.Sandbox.Storage;

/// <summary>Component file suffixes, as Cassandra names them.</summary>
public static class Components
{
    public const string Data = "Data.db";
    public const string Index = "Index.db";
    public const string Summary = "Summary.db";
    public const string Filter = "Filter.db";
    public const string Statistics = "Statistics.db";
    public const string CompressionInfo = "CompressionInfo.db";
    public const string Crc = "CRC.db";
    public const string Digest = "Digest.crc32";
    public const string Toc = "TOC.txt";
    public const string Partitions = "Partitions.db";
    public const string Rows = "Rows.db";
}

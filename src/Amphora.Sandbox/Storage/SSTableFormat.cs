namespace Amphora.Sandbox.Storage;

/// <summary>
/// The SSTable flavour a sandbox node writes, and the Cassandra release that writes it.
/// </summary>
public sealed record SSTableFormat(string Name, string Version, string FormatName, bool UuidIdentifiers, string CassandraVersion)
{
    public static readonly SSTableFormat Nb = new("nb", "nb", "big", false, "4.1.7");
    public static readonly SSTableFormat NbUuid = new("nb-uuid", "nb", "big", true, "4.1.7");
    public static readonly SSTableFormat Oa = new("oa", "oa", "big", false, "5.0.2");
    public static readonly SSTableFormat Da = new("da", "da", "bti", false, "5.0.2");

    public static IReadOnlyList<SSTableFormat> All { get; } = [Nb, NbUuid, Oa, Da];

    public bool IsBti => FormatName == "bti";

    /// <summary>Cassandra 5.0 changed Statistics.db (unsigned deletion times) and snapshot manifests (ephemeral).</summary>
    public bool IsCassandra50 => CassandraVersion.StartsWith("5.", StringComparison.Ordinal);

    public static SSTableFormat Parse(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new SandboxException($"Unknown SSTable format '{name}'. Use one of: {string.Join(", ", All.Select(f => f.Name))}.");
}

using Amphora.Core.SSTables;
using Amphora.Tests.Support;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>The seven real SSTables of shared/fixtures, read once into memory: component name to bytes.</summary>
public static class FixtureCorpus
{
    private static readonly Lazy<IReadOnlyList<FixtureSSTable>> Loaded = new(Load);

    public static IReadOnlyList<FixtureSSTable> Sets => Loaded.Value;

    public static FixtureSSTable Set(string directory) => Sets.Single(s => s.Directory == directory);

    private static List<FixtureSSTable> Load()
    {
        var sets = new List<FixtureSSTable>();
        foreach (var row in FixtureSets.All)
        {
            var (directory, prefix) = ((string)row[0], (string)row[1]);
            var components = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.SSTableFixtures, directory), prefix + "*"))
            {
                components[Path.GetFileName(file)[prefix.Length..]] = File.ReadAllBytes(file);
            }

            sets.Add(new FixtureSSTable(directory, prefix, SSTableFileName.Parse(prefix + "Data.db"), components));
        }

        return sets;
    }
}

/// <summary>One real SSTable: its fixture directory, the prefix its files share, and each component's bytes.</summary>
public sealed record FixtureSSTable(string Directory, string Prefix, SSTableFileName Name, IReadOnlyDictionary<string, byte[]> Components)
{
    public SSTableVersion Version => SSTableVersion.Of(Name);

    public string? DigestComponent => Components.Keys.FirstOrDefault(c => c.StartsWith("Digest.", StringComparison.Ordinal));

    public string ChunkIndexComponent => Components.ContainsKey("CRC.db") ? "CRC.db" : "CompressionInfo.db";
}

using Amphora.Tests.Support;

namespace Amphora.Tests.SSTables;

/// <summary>The real SSTables in shared/fixtures/sstables, copied into a temp dir so a test may damage its copy.</summary>
public static class FixtureSets
{
    private static readonly (string Set, string Prefix)[] Sets =
    [
        ("ka/keyspace1/auditlogsbyid", "keyspace1-auditlogsbyid-ka-1-"),
        ("ka/keyspace1/compressed_bills-03c5a7b0643c11e7936273d8df3aeac7", "casspactor2-compressed_bills-ka-1-"),
        ("mc/keyspace1/compressed_bills", "mc-2-big-"),
        ("md-compressed/SSTableLoaderTest/Standard1", "md-1-big-"),
        ("md-uncompressed/school/classes-3a387eb0d3e311eb95b1cf2bb105377c", "md-1-big-"),
        ("nb/input-four", "nb-1-big-"),
        ("oa/input-five", "oa-2-big-"),
    ];

    /// <summary>Each set's directory under the fixtures root and the prefix its files share.</summary>
    public static TheoryData<string, string> All => Data(Sets);

    public static TheoryData<string, string> Compressed => Data(Sets.Where(s => !s.Set.StartsWith("md-uncompressed", StringComparison.Ordinal)));

    /// <summary>Copies the set into <paramref name="work"/> and returns the copy's directory.</summary>
    public static string Copy(string set, TempDirectory work)
    {
        var target = Directory.CreateDirectory(Path.Combine(work.Path, set)).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.SSTableFixtures, set)))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetAttributes(copy, FileAttributes.Normal);
        }

        return target;
    }

    private static TheoryData<string, string> Data(IEnumerable<(string Set, string Prefix)> sets)
    {
        var data = new TheoryData<string, string>();
        foreach (var (set, prefix) in sets)
        {
            data.Add(set, prefix);
        }

        return data;
    }
}

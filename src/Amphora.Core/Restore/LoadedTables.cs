namespace Amphora.Core.Restore;

/// <summary>
/// The tables a staged restore has already handed to the node (<c>loaded.txt</c> in the first staging root), so a re-run after
/// a failure loads only the rest instead of importing the same SSTables twice.
/// </summary>
public sealed class LoadedTables
{
    private readonly string _path;
    private readonly HashSet<string> _names;

    public LoadedTables(string stagingRoot)
    {
        _path = Path.Combine(stagingRoot, "loaded.txt");
        _names = File.Exists(_path) ? File.ReadAllLines(_path).ToHashSet(StringComparer.Ordinal) : [];
    }

    public bool Contains(string table) => _names.Contains(table);

    public void Add(string table)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.AppendAllLines(_path, [table]);
        _names.Add(table);
    }
}

using Amphora.Bench.Node;

namespace Amphora.Bench.Phases;

/// <summary>A snapshot's directories on the node (one per table and data directory), as cp and rclone are given them.</summary>
public sealed record SnapshotFiles(IReadOnlyList<string> Directories, IReadOnlyList<FileInfo> Files)
{
    public long Bytes => Files.Sum(f => f.Length);

    public static SnapshotFiles Of(BenchNode node, string tag)
    {
        ArgumentNullException.ThrowIfNull(node);
        var directories = node.DataDirectories
            .Select(d => Path.Combine(d, NodeShape.Keyspace))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(t => Path.Combine(t, "snapshots", tag))
            .Where(Directory.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
        var files = directories.SelectMany(d => new DirectoryInfo(d).EnumerateFiles("*", SearchOption.AllDirectories)).ToList();
        return new SnapshotFiles(directories, files);
    }

    /// <summary>The files as paths relative to '/', for rclone's --files-from.</summary>
    public string WriteFileList(string path)
    {
        File.WriteAllLines(path, Files.Select(f => f.FullName.TrimStart('/')));
        return path;
    }
}

namespace Amphora.Tests.Support;

/// <summary>Where the checkout and the shared reference fixtures are (shared/ sits beside the repository).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SSTableFixtures
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "sstables"));
            Assert.True(Directory.Exists(path), $"The real SSTable fixtures are missing: expected {path} (shared/ beside the checkout).");
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Amphora.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Amphora.slnx) above " + AppContext.BaseDirectory);
    }
}

using Amphora.Core.IO;

namespace Amphora.Core.Restore;

/// <summary>Free space on one filesystem against what a restore will write to it.</summary>
public sealed record FileSystemSpace(string Directory, long Available, long Needed)
{
    public bool IsEnough => Needed <= Available;

    /// <summary>Adds up the bytes to be written per filesystem (directories on one device share its free space).</summary>
    public static IReadOnlyList<FileSystemSpace> Measure(IEnumerable<(string Directory, long Bytes)> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return writes
            .Select(w => (w.Directory, w.Bytes, Existing: ExistingAncestor(w.Directory)))
            .GroupBy(w => UnixFileStatus.DeviceOf(w.Existing))
            .Select(g => new FileSystemSpace(g.First().Directory, new DriveInfo(g.First().Existing).AvailableFreeSpace, g.Sum(w => w.Bytes)))
            .ToList();
    }

    /// <summary>The directory itself or its nearest existing parent: staging directories do not exist before the first run.</summary>
    private static string ExistingAncestor(string directory)
    {
        var current = Path.GetFullPath(directory);
        while (!System.IO.Directory.Exists(current))
        {
            current = Path.GetDirectoryName(current) ?? throw new DirectoryNotFoundException($"No part of {directory} exists.");
        }

        return current;
    }
}

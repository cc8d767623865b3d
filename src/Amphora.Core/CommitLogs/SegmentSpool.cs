using System.Globalization;
using Amphora.Core.IO;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// The directory where <c>amphora commitlog archive</c> hard-links finished segments for <c>amphora commitlog ship</c> to
/// upload. A link costs no space and survives Cassandra deleting the segment; it has to be on the segment's filesystem.
/// </summary>
public sealed class SegmentSpool(string directory)
{
    /// <summary>The spool's name inside the commit log directory when none is given.</summary>
    public const string DefaultName = ".amphora-archive";

    private const string TemporaryPrefix = ".archiving-";

    public string Directory { get; } = Path.GetFullPath(directory);

    public static string DefaultFor(string commitLogDirectory) => Path.Combine(Path.GetFullPath(commitLogDirectory), DefaultName);

    /// <summary>
    /// Cassandra's archive_command for one finished segment: links <paramref name="segmentPath"/> into the spool under
    /// <paramref name="name"/>, atomically (a unique temporary link renamed over the final name), and does nothing when the
    /// spool already links that file. Safe to run again and concurrently. Throws when anything is wrong, so that
    /// Cassandra keeps the segment.
    /// </summary>
    public static string Archive(string segmentPath, string name, string? spoolDirectory)
    {
        ArgumentNullException.ThrowIfNull(segmentPath);
        ArgumentNullException.ThrowIfNull(name);
        var fullPath = Path.GetFullPath(segmentPath);
        if (CommitLogSegmentName.TryParse(name) is null)
        {
            throw new ArgumentException($"'{name}' is not a commit log segment name (CommitLog-<version>-<id>.log); archive_command must pass %name.");
        }

        if (Path.GetFileName(fullPath) != name)
        {
            throw new ArgumentException($"the segment name '{name}' is not the file name of {fullPath}; archive_command must pass %path %name.");
        }

        var segment = FileIdentity.Of(fullPath);
        var spool = new SegmentSpool(spoolDirectory ?? DefaultFor(Path.GetDirectoryName(fullPath)!));
        System.IO.Directory.CreateDirectory(spool.Directory);
        if (UnixFileStatus.DeviceOf(spool.Directory) != segment.Device)
        {
            throw new IOException($"the spool {spool.Directory} is not on the filesystem of {fullPath}, so the segment cannot be hard-linked there; " +
                "put the spool inside the commit log directory's filesystem (amphora commitlog setup checks this).");
        }

        var target = spool.PathOf(name);
        if (IsSameFile(target, segment))
        {
            return target;
        }

        var temporary = spool.TemporaryPathFor(name);
        HardLink.Create(fullPath, temporary);
        try
        {
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            // rename(2) onto a link of the same file succeeds and leaves both names: drop the temporary one.
            File.Delete(temporary);
        }

        return target;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A unique name for a file on its way to <paramref name="name"/>, which listings skip.</summary>
    public string TemporaryPathFor(string name) =>
        Path.Combine(Directory, $"{TemporaryPrefix}{name}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}");

    /// <summary>
    /// What the spool holds for shipping: segments, oldest id first, and the names that are not segments (reported, left
    /// alone). Amphora's own files (<see cref="SpooledNodeIdentity.FileName"/>, temporary links) are neither.
    /// </summary>
    public (IReadOnlyList<CommitLogSegmentName> Segments, IReadOnlyList<string> Foreign) List()
    {
        var segments = new List<CommitLogSegmentName>();
        var foreign = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return (segments, foreign);
        }

        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            var name = Path.GetFileName(path);
            if (CommitLogSegmentName.TryParse(name) is { } segment)
            {
                segments.Add(segment);
            }
            else if (name != SpooledNodeIdentity.FileName && !name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                foreign.Add(name);
            }
        }

        return ([.. segments.OrderBy(s => s.Id).ThenBy(s => s.Version)], [.. foreign.Order(StringComparer.Ordinal)]);
    }

    private static bool IsSameFile(string path, FileIdentity segment)
    {
        try
        {
            return FileIdentity.Of(path).FileKey == segment.FileKey;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}

using System.Globalization;
using Amphora.Core.CommitLogs;

namespace Amphora.Tests.CommitLogs;

/// <summary>Finished commit log segments for tests (random bytes under a segment name, last written at a chosen time) and the node that wrote them.</summary>
internal static class CommitLogTestData
{
    public static readonly SpooledNodeIdentity Node = new("prod", Guid.Parse("3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"), "dc1", "rack1");

    public static string Name(long id) => $"CommitLog-7-{id.ToString(CultureInfo.InvariantCulture)}.log";

    public static string Write(string directory, long id, int size = 40_000, DateTimeOffset? closedAt = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Name(id));
        File.WriteAllBytes(path, Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), size));
        File.SetLastWriteTimeUtc(path, (closedAt ?? DateTimeOffset.UtcNow).UtcDateTime);
        return path;
    }

    /// <summary>A finished segment in the commit log directory, linked into the default spool by archive_command's code.</summary>
    public static string WriteAndArchive(string commitLogDirectory, long id, int size = 40_000, DateTimeOffset? closedAt = null)
    {
        var segment = Write(commitLogDirectory, id, size, closedAt);
        SegmentSpool.Archive(segment, Path.GetFileName(segment), null);
        return segment;
    }
}

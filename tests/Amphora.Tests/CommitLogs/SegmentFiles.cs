using System.Globalization;

namespace Amphora.Tests.CommitLogs;

/// <summary>Finished commit log segments for tests: random bytes under a segment name, last written at a chosen time.</summary>
internal static class SegmentFiles
{
    public static string Name(long id) => $"CommitLog-7-{id.ToString(CultureInfo.InvariantCulture)}.log";

    public static string Write(string directory, long id, int size = 40_000, DateTimeOffset? closedAt = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Name(id));
        File.WriteAllBytes(path, Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), size));
        File.SetLastWriteTimeUtc(path, (closedAt ?? DateTimeOffset.UtcNow).UtcDateTime);
        return path;
    }
}

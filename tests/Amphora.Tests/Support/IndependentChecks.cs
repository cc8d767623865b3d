using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Amphora.Tests.Support;

/// <summary>Checks computed without the code under test: zlib's CRC32 (via the gzip trailer) and the file system's link counts.</summary>
public static class IndependentChecks
{
    /// <summary>CRC32 of a file as zlib computes it: gzip stores it in the last 8 bytes of its stream.</summary>
    public static uint ZlibCrc32(string path)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(gzip);
        }

        var bytes = compressed.ToArray();
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
    }

    /// <summary>Hard-link count and inode from stat(1).</summary>
    public static (int Links, long Inode) Stat(string path)
    {
        var result = ProcessRunner.Run("stat", ["-c", "%h %i", path]);
        Assert.Equal(0, result.ExitCode);
        var parts = result.StandardOutput.Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

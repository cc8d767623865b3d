using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Amphora.Tests.Support;

/// <summary>
/// Checks computed without the code under test: zlib's CRC32 (via the gzip trailer), the file system's link counts and
/// coreutils' SHA-256.
/// </summary>
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

    /// <summary>SHA-256 (lowercase hex) of each file as sha256sum(1) computes it, from one run of the process.</summary>
    public static IReadOnlyDictionary<string, string> Sha256Sums(IEnumerable<string> paths)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).ToList();
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        if (distinct.Count == 0)
        {
            return sums;
        }

        var result = ProcessRunner.Run("sha256sum", ["--", .. distinct]);
        Assert.True(result.ExitCode == 0, $"sha256sum failed: {result.StandardError}");
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<64 hex>  <path>"; a leading '\' would mean an escaped name, which test paths never have.
            Assert.False(line.StartsWith('\\'), $"unexpected escaped sha256sum line: {line}");
            sums[line[66..]] = line[..64];
        }

        Assert.Equal(distinct.Count, sums.Count);
        return sums;
    }
}

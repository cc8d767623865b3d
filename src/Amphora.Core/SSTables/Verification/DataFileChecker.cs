using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// Streams Data.db once: the whole-file digest, the per-chunk (or per-slice) checksums and the size are all checked in
/// that single pass, through a fixed 1 MiB buffer whatever the file's size.
/// </summary>
public static class DataFileChecker
{
    private const int BufferSize = 1 << 20;

    public static async Task CheckAsync(
        Stream data, long length, string dataComponent, SSTableVersion version, ExpectedDigest? digest, IChunkChecker? chunks, ProblemList problems,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(problems);
        var checksum = digest?.Digest.Checksum is null ? null : version.DigestChecksum.Create();
        using var sha1 = digest?.Digest.Sha1Hex is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long read = 0;
        try
        {
            int n;
            while ((n = await data.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
                checksum?.Append(buffer.AsSpan(0, n));
                sha1?.AppendData(buffer, 0, n);
                chunks = await FeedAsync(chunks, buffer.AsMemory(0, n), dataComponent, problems, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        chunks?.Finish(read);
        if (read != length)
        {
            problems.Add(dataComponent, SSTableChecks.Size, string.Create(CultureInfo.InvariantCulture,
                $"Data.db holds {read} bytes, but {length} were recorded{(read < length ? " (truncated)" : string.Empty)}."));
        }

        if (digest is { } expected)
        {
            var actual = checksum is not null
                ? checksum.Value.ToString(CultureInfo.InvariantCulture)
                : Convert.ToHexStringLower(sha1!.GetHashAndReset());
            if (actual != expected.Digest.ToString())
            {
                problems.Add(dataComponent, SSTableChecks.Digest,
                    $"the whole file's {(checksum is null ? "SHA-1" : version.DigestChecksum.ToString())} is {actual}, but {expected.Component} says {expected.Digest}.");
            }
        }
    }

    /// <summary>Passes bytes to the chunk checker; a chunk index that turns out unreadable ends the chunk checks, not the digest.</summary>
    private static async ValueTask<IChunkChecker?> FeedAsync(
        IChunkChecker? chunks, ReadOnlyMemory<byte> bytes, string dataComponent, ProblemList problems, CancellationToken cancellationToken)
    {
        if (chunks is null)
        {
            return null;
        }

        try
        {
            await chunks.ConsumeAsync(bytes, cancellationToken).ConfigureAwait(false);
            return chunks;
        }
        catch (SSTableFormatException e)
        {
            problems.Add(dataComponent, SSTableChecks.ChunkOffsets, $"chunk checks stopped: {e.Message}");
            return null;
        }
    }
}

/// <summary>The digest Data.db must match, and the component file it came from.</summary>
public readonly record struct ExpectedDigest(string Component, DigestFile Digest);

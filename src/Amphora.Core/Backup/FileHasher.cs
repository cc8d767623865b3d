using Amphora.Core.IO;
using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>Streams a file through SHA-256 in 1 MiB reads: memory stays bounded whatever the SSTable's size.</summary>
public static class FileHasher
{
    public static async Task<ContentHash> HashAsync(string path, ReadCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return (await HashingReadStream.HashAsync(Open(path), counter.Add, cancellationToken).ConfigureAwait(false)).Hash;
    }

    /// <summary>Whether the file has the size and SHA-256 expected (a file of another size is not read at all).</summary>
    public static async Task<bool> MatchesAsync(string path, long size, ContentHash expected, Action<long>? read, CancellationToken cancellationToken) =>
        new FileInfo(path).Length == size
        && (await HashingReadStream.HashAsync(Open(path), read, cancellationToken).ConfigureAwait(false)).Hash == expected;

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
}

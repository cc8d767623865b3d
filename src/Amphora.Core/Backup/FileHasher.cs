using Amphora.Core.IO;
using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>Streams a file through SHA-256 in 1 MiB reads: memory stays bounded whatever the SSTable's size.</summary>
public static class FileHasher
{
    public static async Task<ContentHash> HashAsync(string path, ReadCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return (await HashingReadStream.HashAsync(file, counter.Add, cancellationToken).ConfigureAwait(false)).Hash;
    }
}

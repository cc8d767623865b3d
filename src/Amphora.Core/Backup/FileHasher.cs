using System.Buffers;
using System.Security.Cryptography;
using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>Streams a file through SHA-256 in 1 MiB reads: memory stays bounded whatever the SSTable's size.</summary>
public static class FileHasher
{
    private const int BufferSize = 1 << 20;

    public static async Task<ContentHash> HashAsync(string path, ReadCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    counter.Add(read);
                }
            }

            return ContentHash.FromBytes(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

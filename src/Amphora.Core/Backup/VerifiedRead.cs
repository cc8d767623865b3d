using Amphora.Core.IO;
using Amphora.Core.Repository;

namespace Amphora.Core.Backup;

/// <summary>
/// Reads a file for upload while hashing it, and fails at the end of the stream, before the store commits the object, if the
/// bytes are not the ones the backup recorded. Also counts every byte read from the node's disk.
/// </summary>
public static class VerifiedRead
{
    public static Stream Open(Stream inner, string path, ContentHash expected, long expectedSize, ReadCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return new HashingReadStream(inner, counter.Add, read =>
        {
            if (read.BytesRead != expectedSize || read.Hash != expected)
            {
                throw new IOException(
                    $"{path} changed while it was being backed up ({read.BytesRead} bytes, SHA-256 {read.Hash!.Value.Hex}; expected {expectedSize} bytes, {expected.Hex}). " +
                    "Snapshot files are immutable: something modified the snapshot. Run the backup again.");
            }
        });
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Amphora.Core.IO;

/// <summary>
/// A file's identity and link count from statx(2): device, inode, size, modification time (ns). Snapshots are hard links of
/// immutable SSTables, so the same identity means the same bytes: the hash cache keys on it, and link counts give the space
/// only snapshots hold. statx's buffer layout is the same on every architecture, unlike struct stat.
/// </summary>
public readonly partial record struct FileIdentity(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds, uint LinkCount)
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint BasicStats = 0x7ff;     // STATX_BASIC_STATS
    private const int BufferSize = 256;

    /// <summary>Which file this is, whatever name or link reaches it.</summary>
    public (ulong Device, ulong Inode) FileKey => (Device, Inode);

    public static FileIdentity Of(string path)
    {
        Span<byte> buffer = stackalloc byte[BufferSize];
        if (Statx(CurrentDirectory, path, 0, BasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}";
            throw errno switch
            {
                2 => new FileNotFoundException(message, path),
                13 => new UnauthorizedAccessException(message),
                _ => new IOException(message, errno),
            };
        }

        var linkCount = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var modifiedSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var modifiedNanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var deviceMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]);
        var deviceMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new FileIdentity(((ulong)deviceMajor << 32) | deviceMinor, inode, size, (modifiedSeconds * 1_000_000_000) + modifiedNanoseconds, linkCount);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}

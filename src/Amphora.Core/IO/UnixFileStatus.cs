using System.Runtime.InteropServices;

namespace Amphora.Core.IO;

/// <summary>
/// What .NET does not tell about a file: its owner, group and filesystem, read with statx(2), and changing the owner with
/// lchown(2). Restored files must belong to the user Cassandra runs as, not to whoever ran the restore (usually root),
/// and free space is counted per filesystem.
/// </summary>
public readonly partial record struct UnixFileStatus(uint UserId, uint GroupId, ulong Device)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    // struct statx has one layout on every architecture.
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    public static UnixFileStatus Of(string path)
    {
        var buffer = new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"Cannot read the status of {path}: {Marshal.GetLastPInvokeErrorMessage()}.");
        }

        var device = ((ulong)BitConverter.ToUInt32(buffer, DeviceMajorOffset) << 32) | BitConverter.ToUInt32(buffer, DeviceMinorOffset);
        return new UnixFileStatus(BitConverter.ToUInt32(buffer, UidOffset), BitConverter.ToUInt32(buffer, GidOffset), device);
    }

    public static ulong DeviceOf(string path) => Of(path).Device;

    /// <summary>Gives the path this status's owner and group; only when they differ, since changing owners needs privileges.</summary>
    public void GiveOwnershipTo(string path)
    {
        var current = Of(path);
        if (current.UserId == UserId && current.GroupId == GroupId)
        {
            return;
        }

        if (Lchown(path, UserId, GroupId) != 0)
        {
            throw new IOException(
                $"Cannot give {path} to user {UserId}, group {GroupId} (the owner of its table directory): {Marshal.GetLastPInvokeErrorMessage()}. " +
                "Run the restore as root or as the user Cassandra runs as.");
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lchown(string path, uint owner, uint group);
}

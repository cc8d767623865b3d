using System.Runtime.InteropServices;

namespace Amphora.Storage.Local;

/// <summary>
/// fsync(2) on a directory (makes a rename durable) and syncfs(2) (makes everything written to one filesystem durable, in one
/// flush instead of one per file). .NET cannot open a directory, so this goes through libc.
/// </summary>
public static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY opens a directory too; O_DIRECTORY's value differs by architecture.

    public static void Flush(string directory) => WithDescriptor(directory, "fsync directory", Fsync);

    /// <summary>Writes out every dirty page and inode of the filesystem holding <paramref name="directory"/>.</summary>
    public static void FlushFileSystem(string directory) => WithDescriptor(directory, "sync the filesystem of", Syncfs);

    private static void WithDescriptor(string directory, string what, Func<int, int> operation)
    {
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open directory {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (operation(descriptor) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot {what} {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

using System.Runtime.InteropServices;

namespace Amphora.Storage.Local;

/// <summary>fsync(2) on a directory: makes a rename durable. .NET cannot open a directory, so this goes through libc.</summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY opens a directory too; O_DIRECTORY's value differs by architecture.

    public static void Flush(string directory)
    {
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open directory {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot fsync directory {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
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

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

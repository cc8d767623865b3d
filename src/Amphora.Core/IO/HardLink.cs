using System.Runtime.InteropServices;

namespace Amphora.Core.IO;

/// <summary>Hard links through libc's link(2): what Cassandra's snapshots and incremental backups are made of, and how a restore stages a local snapshot without copying it.</summary>
public static partial class HardLink
{
    public static void Create(string existing, string link)
    {
        if (Link(existing, link) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot hard-link {existing} to {link}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);
}

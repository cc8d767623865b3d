using Amphora.Storage.Local;

namespace Amphora.Storage;

/// <summary>Where backups go, as the operator writes it: <c>file:/backups</c> or a plain absolute path.</summary>
public static class StorageLocation
{
    public static IObjectStore Open(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.StartsWith("file:", StringComparison.Ordinal))
        {
            return OpenDirectory(location["file:".Length..], location);
        }

        if (location.StartsWith('/'))
        {
            return OpenDirectory(location, location);
        }

        var scheme = location.Contains(':', StringComparison.Ordinal) ? location[..location.IndexOf(':', StringComparison.Ordinal)] : location;
        throw new ArgumentException(
            $"location '{location}': unknown kind '{scheme}'. This version stores backups in a local or NFS directory: --location file:/PATH.");
    }

    private static LocalObjectStore OpenDirectory(string path, string location)
    {
        // file:///backups and file://localhost/backups are URL spellings of the same directory.
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[2..];
            path = path.Contains('/', StringComparison.Ordinal) ? path[path.IndexOf('/', StringComparison.Ordinal)..] : string.Empty;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"location '{location}': the directory must be an absolute path, e.g. file:/var/backups/cassandra.");
        }

        return new LocalObjectStore(path);
    }
}

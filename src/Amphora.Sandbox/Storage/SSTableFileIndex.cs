namespace Amphora.Sandbox.Storage;

/// <summary>
/// The files of many SSTables, found with one listing per directory instead of one per SSTable (a table directory may
/// hold thousands of SSTables, and listing it once per SSTable is quadratic). Valid for one command: it does not see later
/// changes.
/// </summary>
internal sealed class SSTableFileIndex
{
    private readonly Dictionary<string, ILookup<string, string>> _byDirectory = new(StringComparer.Ordinal);

    /// <summary>What <see cref="SSTableDescriptor.ExistingFiles"/> returns, from the cached listing.</summary>
    public IEnumerable<string> FilesOf(SSTableDescriptor descriptor)
    {
        if (!_byDirectory.TryGetValue(descriptor.Directory, out var byPrefix))
        {
            var files = Directory.Exists(descriptor.Directory) ? Directory.EnumerateFiles(descriptor.Directory) : [];
            byPrefix = files.Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => (File: f, Descriptor: SSTableDescriptor.TryParse(f, out _)))
                .Where(f => f.Descriptor is not null)
                .ToLookup(f => f.Descriptor!.Prefix, f => f.File, StringComparer.Ordinal);
            _byDirectory[descriptor.Directory] = byPrefix;
        }

        return byPrefix[descriptor.Prefix];
    }
}

namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// The component files of one SSTable wherever they are (a local directory, objects in a location): each with the size it
/// should have and a way to stream it. <see cref="Prefix"/> names the SSTable in reports, e.g. <c>nb-1-big-</c>.
/// </summary>
public sealed record SSTableFiles(string Prefix, SSTableFileName Name, IReadOnlyDictionary<string, SSTableComponentSource> Components)
{
    public string FileName(string component) => Prefix + component;
}

/// <summary>One component file: its recorded size and how to open it for reading.</summary>
public sealed record SSTableComponentSource(long Size, Func<CancellationToken, Task<Stream>> OpenAsync);

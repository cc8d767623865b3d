namespace Amphora.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>Opens the whole object for reading; throws <see cref="ObjectNotFoundException"/> when there is none.</summary>
    public static Task<Stream> OpenReadAsync(this IObjectStore store, string key, CancellationToken cancellationToken) =>
        store.OpenReadAsync(key, ByteRange.All, cancellationToken);
}

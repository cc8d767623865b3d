namespace Amphora.Storage;

/// <summary>
/// A backup location seen as a flat store of objects under '/'-separated keys: what local disks, NFS, S3, Azure Blob and GCS
/// have in common. Every backend passes the same conformance suite; the repository format relies only on what is here.
/// </summary>
public interface IObjectStore
{
    /// <summary>The location as the operator wrote it (e.g. <c>file:/backups</c>), never with credentials.</summary>
    string Location { get; }

    /// <summary>
    /// Stores the stream's bytes under the key, replacing any object there. When this returns the object is whole and durable;
    /// if it throws (the stream included), readers see the old object or none, never a partial one.
    /// </summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Like <see cref="PutAsync"/> but only if no object has the key; false (nothing written) when one does.</summary>
    Task<bool> PutIfAbsentAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the object for reading; throws <see cref="ObjectNotFoundException"/> when there is none.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>The object's size and time, or null when there is none.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with the prefix, in ordinal key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

namespace Amphora.Storage;

/// <summary>
/// A backup location seen as a flat store of objects under '/'-separated keys: what local disks, NFS, S3, Azure Blob and GCS
/// have in common. Every backend passes the same conformance suite; the repository format relies only on what is here.
/// Failures are <see cref="StorageException"/>s whose <see cref="StorageException.IsTransient"/> tells retry wrappers what
/// may succeed if tried again.
/// </summary>
public interface IObjectStore
{
    /// <summary>The location as the operator wrote it (e.g. <c>s3:backups/prod</c>), never with credentials.</summary>
    string Location { get; }

    /// <summary>Bytes and parts this store has sent and received since it was opened.</summary>
    Transfers.TransferStatistics Statistics { get; }

    /// <summary>
    /// Stores the source's bytes under the key, replacing any object there. When this returns the object is whole and durable;
    /// if it throws (a failing source included), readers see the old object or none, never a partial one. Large sources go up
    /// in parts, and a put of the same key that failed or was killed midway is resumed by the next put: parts already stored
    /// are not sent again.
    /// </summary>
    Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken);

    /// <summary>Like <see cref="PutAsync"/> but only if no object has the key; false (nothing written) when one does.</summary>
    Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the object, or the range of it, for reading; throws <see cref="ObjectNotFoundException"/> when there is none.
    /// A range reaching past the end is cut at the end.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken);

    /// <summary>The object's size and time, or null when there is none.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with the prefix, in ordinal key order (the store's own '.amphora*' keys never).</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

namespace Amphora.Storage;

/// <summary>
/// A store that can take bytes before their key is known and name them afterwards (local disk: temporary file, rename), so
/// a writer that learns the key from the bytes (a content hash) reads them once. Optional: stores whose key is fixed before
/// an upload starts (S3, Azure, GCS) do not offer it; wrappers pass it through when their inner store has it.
/// </summary>
public interface IContentStagingStore
{
    /// <summary>
    /// Writes the source's bytes, durably (fsync), to a staging object that is neither listed nor readable by key.
    /// <paramref name="stageId"/> names the staging object so that a stage of the same source interrupted earlier is resumed:
    /// the matching prefix is kept and only the rest written (as an interrupted put of a key is resumed). A stage that fails
    /// or is cancelled throws and leaves its bytes to be resumed; one that returns is disposed by the caller.
    /// </summary>
    Task<StagedObject> StageAsync(string stageId, UploadSource content, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every object published from a stage so far durable under its key. Publishing leaves that to this one call (local
    /// disk: one syncfs instead of a directory fsync per object); until it returns, a crash may lose a published key, never
    /// leave one holding torn bytes, so nothing may refer to a published key before it.
    /// </summary>
    Task FlushPublishedAsync(CancellationToken cancellationToken);
}
